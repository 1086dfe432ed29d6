// After a change every view is drawn again from the API. The loader registers itself here so that
// views can ask for it without importing the loader (which imports them).

let loader = async () => {};

export function setLoader(load) {
  loader = load;
}

export function reload() {
  return loader();
}
