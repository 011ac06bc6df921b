/**
 * How every Fitlab script, bench and browser test starts Debian's chromium (never a downloaded build):
 * headless, with SwiftShader giving WebGL2 on the CPU in pages and workers.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'];
/** Add these for a WebGPU adapter (SwiftShader over Vulkan); WebGPU needs a secure context, e.g. http://127.0.0.1. */
export const WEBGPU_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];
