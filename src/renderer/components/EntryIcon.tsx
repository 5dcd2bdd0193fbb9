import type { EntryType } from '../features/browser/entry-type';

interface Props {
  readonly type: EntryType;
}

const LABELS: Readonly<Record<EntryType, string>> = {
  folder: 'Folder',
  image: 'Image',
  archive: 'Archive',
  text: 'Text file',
  code: 'Code file',
  generic: 'File',
};

/** A page with a folded corner; each file type adds its own mark inside. */
const PAGE = 'M3.5 1.5h6l3 3v10h-9z';

function Mark({ type }: Props) {
  switch (type) {
    case 'image':
      return <path d="M5 12l2-3 1.5 2 1-1.2L11 12z" fill="currentColor" stroke="none" />;
    case 'archive':
      return <path d="M8 2v1.5M8 4.5v1.5M8 7v1.5M7 10h2v2H7z" />;
    case 'text':
      return <path d="M5.5 7.5h5M5.5 9.5h5M5.5 11.5h3.5" />;
    case 'code':
      return <path d="M6.5 8l-1.5 1.75 1.5 1.75M9.5 8l1.5 1.75-1.5 1.75" />;
    default:
      return null;
  }
}

/** Decorative next to the name, but labelled so a screen reader hears the type once. */
export function EntryIcon({ type }: Props) {
  return (
    <svg
      className={`entry-icon entry-icon--${type}`}
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.1"
      strokeLinejoin="round"
      role="img"
      aria-label={LABELS[type]}
    >
      {type === 'folder' ? (
        <path d="M1.5 3.5h4.5l1.5 1.5h7v8.5h-13z" fill="currentColor" fillOpacity="0.25" />
      ) : (
        <>
          <path d={PAGE} />
          <path d="M9.5 1.5v3h3" />
          <Mark type={type} />
        </>
      )}
    </svg>
  );
}
