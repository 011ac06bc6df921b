import { describeProbe } from '../../core/backends/choice';
import { useLab } from '../../store/lab';

/** What the probe found on this device, in one line under the Backend setting. */
export function BackendProbeLine() {
  const probe = useLab((s) => s.device.probe);
  if (!probe) return null;
  return (
    <p
      className="muted"
      data-testid="backend-probe"
      data-webgl-software={probe.webgl.software}
      data-webgpu={probe.webgpu.available}
      data-webgpu-software={probe.webgpu.software}
      data-wasm-threads={probe.wasm.threads}
    >
      {describeProbe(probe)}
    </p>
  );
}
