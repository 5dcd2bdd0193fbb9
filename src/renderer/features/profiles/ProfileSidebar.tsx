import { useState } from 'react';
import { BookmarksSection } from '../bookmarks/BookmarksSection';
import { SsoSection } from '../sso/SsoSection';
import { ProfilesSection } from './ProfilesSection';
import './profile-sidebar.css';

interface Props {
  readonly onSwitchRole: () => void;
}

export function ProfileSidebar({ onSwitchRole }: Props) {
  // State, not a ref: the list's effects run before a parent's ref is set, and must see the box.
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  return (
    <nav className="sidebar" aria-label="Bookmarks, sign-ins and profiles">
      <BookmarksSection />
      <div className="sidebar__scroll" ref={setScroller}>
        <SsoSection />
        <ProfilesSection onSwitchRole={onSwitchRole} scroller={scroller} />
      </div>
    </nav>
  );
}
