import { MAX_NOTICES } from '../../core/preset/codec';
import { capList } from '../../core/text/cap-list';
import { dismissUrlNotices } from '../../store/actions';
import { useLab } from '../../store/lab';
import { useHistory } from '../../store/history';

/** Problems with the opened link, the backend fallback, and a failed run, in words a student can act on. */
export function Notices() {
  const urlNotices = useLab((s) => s.urlNotices);
  const settingNotices = useLab((s) => s.settingNotices);
  const backendNotice = useLab((s) => s.run.backendNotice);
  const error = useLab((s) => (s.run.status === 'error' || s.run.status === 'interrupted' ? s.run.error : null));
  const storage = useHistory((h) => (h.message?.kind === 'error' ? h.message.text : null));
  return (
    <div className="notices">
      {urlNotices.length > 0 && (
        <div className="notice notice-warn" role="alert" data-testid="url-notice">
          <strong>Some of the link could not be used:</strong>
          <ul>
            {/* Capped here too: notices may come from more than the link's codec (a lesson, a preset). */}
            {capList(urlNotices, MAX_NOTICES).map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
          <button type="button" onClick={dismissUrlNotices}>
            Dismiss
          </button>
        </div>
      )}
      {settingNotices.length > 0 && (
        <div className="notice notice-warn" role="status" data-testid="settings-notice">
          <strong>Settings adjusted:</strong>
          <ul>
            {capList(settingNotices, MAX_NOTICES).map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      {backendNotice && (
        <div className="notice" role="status" data-testid="backend-notice">
          {backendNotice}
        </div>
      )}
      {storage && (
        <div className="notice notice-warn" role="status" data-testid="storage-notice">
          {storage}
        </div>
      )}
      {error && (
        <div className="notice notice-error" role="alert" data-testid="error-message">
          {error}
        </div>
      )}
    </div>
  );
}
