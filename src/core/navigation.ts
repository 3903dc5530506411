/**
 * Where an element sends the browser (hosted mode). One object, so that tests
 * and hosts that route themselves can replace `assign`.
 */
export const navigation = {
  assign(url: string): void {
    location.assign(url);
  },
};
