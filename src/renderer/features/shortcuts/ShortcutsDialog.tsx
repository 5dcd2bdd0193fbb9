import { menuCommands } from '../../../shared/ipc/contract';
import {
  acceleratorFor,
  displayAccelerator,
  labelFor,
  type MenuGroup,
  shortcutFor,
} from '../../../shared/shortcuts';
import { Dialog } from '../../components/Dialog';
import { keyPlatform } from '../../lib/commands';
import { modKeyName } from '../../lib/use-shortcuts';
import './shortcuts-dialog.css';

interface Props {
  readonly onClose: () => void;
}

interface Row {
  readonly label: string;
  readonly keys: string;
}

const groups: readonly MenuGroup[] = ['File', 'View', 'Go', 'Help'];

/** Every menu command with its combo, in menu order, plus the window's own keys. */
function rowsOf(group: MenuGroup): readonly Row[] {
  const rows = menuCommands
    .filter((c) => shortcutFor(c).group === group)
    .map((c) => ({
      // Menu labels end in "…" when they ask something first; the sheet lists actions.
      label: labelFor(c, keyPlatform).replace(/…$/, ''),
      keys: displayAccelerator(acceleratorFor(c, keyPlatform), keyPlatform),
    }));
  if (group === 'View')
    rows.push({ label: 'Filter Profiles', keys: displayAccelerator('CmdOrCtrl+K', keyPlatform) });
  return rows;
}

/** Help → Keyboard Shortcuts: the same table the menu and the key handler use. */
export function ShortcutsDialog({ onClose }: Props) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} wide>
      <div className="shortcuts">
        {groups.map((group) => (
          <section key={group} className="shortcuts__group" aria-labelledby={`shortcuts-${group}`}>
            <h3 id={`shortcuts-${group}`} className="shortcuts__heading">
              {group}
            </h3>
            <dl className="shortcuts__list">
              {rowsOf(group).map((row) => (
                <div key={row.label} className="shortcuts__row">
                  <dt>{row.label}</dt>
                  <dd>
                    <kbd>{row.keys}</kbd>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="muted">
        In the object list: arrows move, Space selects, Enter opens, Backspace goes up, {modKeyName}+A selects
        all.
      </p>
    </Dialog>
  );
}
