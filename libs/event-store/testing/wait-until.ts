/** TEST SUPPORT — polls `condition` every 10 ms; fails after `timeoutMs`. */
export const waitUntil = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};
