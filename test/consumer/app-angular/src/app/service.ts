// The identity service's address: the test writes the stub's here before building.
export const baseDomain = 'https://id.eu.nextreason.com';
