// The shell: who is signed in (GET /api/v1/me decides; the session cookie is HttpOnly),
// the header with sign-out, and which page the address shows. Customers never get the
// staff console: they get the portal (pages/Portal.tsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, onUnauthenticated, setCsrfToken, type Me, type Policy } from './lib/api';
import { serverClock } from './lib/clock';
import { live } from './lib/live';
import { roleWord } from './lib/format';
import { reportRoles, staffRoles } from './lib/queue';
import { linkClick, navigate, useLocation } from './lib/router';
import { SignIn } from './pages/SignIn';
import { Queue } from './pages/Queue';
import { TicketPage } from './pages/TicketPage';
import { Dashboard } from './pages/Dashboard';
import { Reports } from './pages/Reports';
import { PolicyPage } from './pages/PolicyPage';
import { Admin } from './pages/Admin';
import { Portal } from './pages/Portal';

type Session = { state: 'loading' } | { state: 'out' } | { state: 'in'; me: Me; policy: Policy | null };

export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const location = useLocation();

  const load = async () => {
    try {
      // Both at once (one round trip before the first page's own calls, not two); the
      // policy's answer only counts when /me says who is signed in.
      const [me, policy] = await Promise.all([api.me(), api.policy().catch(() => null)]);
      setCsrfToken(me.csrf_token);
      if (me.now) serverClock.sync(me.now);
      setSession({ state: 'in', me, policy });
    } catch {
      setSession({ state: 'out' });
    }
  };

  useEffect(() => {
    onUnauthenticated(() => {
      live.close();
      setSession({ state: 'out' });
    });
    void load();
  }, []);

  // After an in-app navigation, keyboard and screen-reader users start at the new page.
  const firstPath = useRef(location.path);
  useEffect(() => {
    if (location.path === firstPath.current) return;
    firstPath.current = '';
    document.getElementById('main')?.focus({ preventScroll: false });
  }, [location.path]);

  const signOut = async () => {
    try {
      await api.signOut();
    } catch {
      // Signed out either way: the cookie is gone or was never valid.
    }
    live.close();
    setCsrfToken('');
    setSession({ state: 'out' });
    navigate('/signin', { replace: true });
  };

  if (session.state === 'loading') {
    return <main id="main" class="loading" aria-busy="true">Loading…</main>;
  }
  if (session.state === 'out') {
    return <SignIn onSignedIn={() => void load().then(() => location.path === '/signin' && navigate('/', { replace: true }))} />;
  }
  const { me, policy } = session;
  const staff = staffRoles.has(me.role);
  const ticketMatch = /^\/tickets\/([^/]+)$/.exec(location.path);

  let page;
  if (!staff) {
    page = me.role === 'customer' ? <Portal path={location.path} policy={policy} /> : <NotForCustomers />;
  } else if (ticketMatch?.[1]) {
    page = <TicketPage key={ticketMatch[1]} id={decodeURIComponent(ticketMatch[1])} me={me} policy={policy} />;
  } else if (location.path === '/dashboard') {
    page = <Dashboard policy={policy} />;
  } else if (location.path === '/reports' && reportRoles.has(me.role)) {
    page = <Reports policy={policy} search={location.search} />;
  } else if (location.path === '/admin' && me.role === 'admin') {
    page = <Admin policy={policy} />;
  } else if (location.path === '/policy') {
    page = <PolicyPage me={me} policy={policy} />;
  } else if (location.path === '/' || location.path === '/queue' || location.path === '/signin') {
    page = <Queue me={me} policy={policy} search={location.search} />;
  } else {
    page = <NotFound />;
  }

  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="topbar">
        <a class="brand" href="/" onClick={(e) => linkClick(e, '/')}>Escalator</a>
        <nav aria-label="Main">{staff ? <MainLinks me={me} path={location.path} /> : (
          <a href="/" onClick={(e) => linkClick(e, '/')}>Your requests</a>
        )}</nav>
        <div class="whoami">
          <span>
            <span class="who">{me.display_name || me.username}</span>{' '}
            <span class="role">({roleWord(me.role)})</span>
          </span>
          <button type="button" class="secondary" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </>
  );
}

/** The staff pages; the current one is marked for screen readers (aria-current). */
function MainLinks({ me, path }: { me: Me; path: string }) {
  const links: [string, string][] = [['/', 'Queue'], ['/dashboard', 'Dashboard']];
  if (reportRoles.has(me.role)) links.push(['/reports', 'Reports']);
  links.push(['/policy', 'Policy']);
  if (me.role === 'admin') links.push(['/admin', 'Admin']);
  return (
    <ul class="nav-links">
      {links.map(([href, label]) => (
        <li key={href}>
          <a href={href} aria-current={path === href ? 'page' : undefined} onClick={(e) => linkClick(e, href)}>{label}</a>
        </li>
      ))}
    </ul>
  );
}

function NotForCustomers() {
  return (
    <section class="panel narrow" aria-labelledby="nfc-title">
      <h1 id="nfc-title">This console is for support staff</h1>
      <p>Your account is a customer account. You can follow your requests through the emails we send you.</p>
    </section>
  );
}

function NotFound() {
  return (
    <section class="panel narrow">
      <h1>Page not found</h1>
      <p><a href="/" onClick={(e) => linkClick(e, '/')}>Back to the queue</a></p>
    </section>
  );
}
