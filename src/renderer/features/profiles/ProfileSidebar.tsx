import { useRef } from 'react';
import { BookmarksSection } from '../bookmarks/BookmarksSection';
import { SsoSection } from '../sso/SsoSection';
import { ProfilesSection } from './ProfilesSection';
import './profile-sidebar.css';

interface Props {
  readonly onSwitchRole: () => void;
}

export function ProfileSidebar({ onSwitchRole }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  return (
    <nav className="sidebar" aria-label="Bookmarks, sign-ins and profiles">
      <BookmarksSection />
      <div className="sidebar__scroll" ref={scrollRef}>
        <SsoSection />
        <ProfilesSection onSwitchRole={onSwitchRole} scrollRef={scrollRef} />
      </div>
    </nav>
  );
}
