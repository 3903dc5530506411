/**
 * takeCodeFromUrl: the link's code is read once and leaves the address bar;
 * the page's history state is kept, but for the marks by which Next.js's
 * router recognises its own calls (a router that thinks the call was its own
 * keeps the old address, and writes the code back on its next refresh).
 */
import { expect } from '@open-wc/testing';
import { takeCodeFromUrl } from '../../src/core/link-code.js';

describe('takeCodeFromUrl', () => {
  let original: { url: string; state: unknown };

  beforeEach(() => {
    original = { url: location.href, state: history.state };
  });

  afterEach(() => {
    history.replaceState(original.state, '', original.url);
  });

  const visit = (query: string, state: unknown) => {
    const url = new URL(location.href);
    url.search = query;
    history.replaceState(state, '', url.href);
  };

  it('takes the code once and removes only its parameter', () => {
    visit('?code=c0de-1&keep=yes', { page: 3 });
    expect(takeCodeFromUrl('code')).to.equal('c0de-1');
    expect(new URL(location.href).searchParams.has('code')).to.equal(false);
    expect(new URL(location.href).searchParams.get('keep')).to.equal('yes');
    expect(history.state).to.deep.equal({ page: 3 });
    expect(takeCodeFromUrl('code')).to.equal(undefined);
  });

  it('drops the router marks of Next.js (__NA, _N) from the state it keeps', () => {
    visit('?code=c0de-2', { __NA: true, __PRIVATE_NEXTJS_INTERNALS_TREE: ['tree'], other: 1 });
    expect(takeCodeFromUrl('code')).to.equal('c0de-2');
    expect(history.state).to.deep.equal({ __PRIVATE_NEXTJS_INTERNALS_TREE: ['tree'], other: 1 });
    visit('?code=c0de-3', { _N: true, as: '/reset' });
    expect(takeCodeFromUrl('code')).to.equal('c0de-3');
    expect(history.state).to.deep.equal({ as: '/reset' });
  });

  it('keeps any other state as it is', () => {
    for (const state of [null, 'text', 42, ['a']]) {
      visit('?code=x', state);
      takeCodeFromUrl('code');
      expect(history.state).to.deep.equal(state);
    }
  });

  it('ignores a blank code and a missing or invalid parameter name', () => {
    visit('?code=%20%20', null);
    expect(takeCodeFromUrl('code')).to.equal(undefined);
    expect(takeCodeFromUrl('')).to.equal(undefined);
    expect(takeCodeFromUrl(undefined)).to.equal(undefined);
  });
});
