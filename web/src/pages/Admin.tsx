// Admin (admins only): users and their roles (change a role, disable, add a user), team
// membership (as the policy defines it: each person's teams in the users table, and each
// team's lead, manager and members; people the policy names without an account are
// flagged), API tokens (make one, shown once; revoke) and dead notifications (retry one: it
// goes back to pending with fresh attempts). Three calls on load; the teams come with the
// policy the app already has.
import { useEffect, useState } from 'preact/hooks';
import { api, type ApiToken, type Notification, type Policy, type User } from '../lib/api';
import { membershipWords, teamsOf, withoutAccount } from '../lib/admin';
import { roleWord, when } from '../lib/format';
import { checkNewUser, checkTokenName, hasProblems, roles, type Problems } from '../lib/validation';

export function Admin({ policy }: { policy: Policy | null }) {
  const [users, setUsers] = useState<User[]>([]);
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [dead, setDead] = useState<Notification[]>([]);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  const load = async () => {
    const [u, t, d] = await Promise.all([api.users(), api.tokens(), api.deadNotifications()]);
    setUsers(u.items);
    setTokens(t.items);
    setDead(d.items);
  };
  useEffect(() => { void load().catch((e: unknown) => setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) })); }, []);

  const act = async (what: string, change: () => Promise<unknown>) => {
    try {
      await change();
      setNotice({ ok: true, text: `${what}: done.` });
    } catch (e) {
      setNotice({ ok: false, text: `${what} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    await load().catch(() => undefined);
  };

  return (
    <section class="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      {notice ? <p class={`notice ${notice.ok ? 'ok' : 'error'}`} role={notice.ok ? 'status' : 'alert'}>{notice.text}</p> : null}
      <section class="panel" aria-labelledby="users-title">
        <h2 id="users-title">Users and roles</h2>
        <div class="table-scroll">
          <table class="data users">
            <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Teams</th><th scope="col">Disabled</th></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <th scope="row">{u.username}{u.display_name && u.display_name !== u.username ? ` (${u.display_name})` : ''}</th>
                  <td>
                    <select aria-label={`Role of ${u.username}`} value={u.role}
                      onChange={(e) => void act(`Role of ${u.username}`, () => api.updateUser(u.id, { role: e.currentTarget.value as User['role'] }))}>
                      {roles.map((r) => <option value={r} key={r}>{roleWord(r)}</option>)}
                    </select>
                  </td>
                  <td class="teams-cell">{membershipWords(teamsOf(u.username, policy)) || <span class="muted">—</span>}</td>
                  <td>
                    <input type="checkbox" class="inline" aria-label={`${u.username} disabled`} checked={u.disabled}
                      onChange={(e) => void act(`${u.username}`, () => api.updateUser(u.id, { disabled: e.currentTarget.checked }))} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <NewUser onCreate={(user) => act(`New user ${user.username}`, () => api.createUser(user))} />
      </section>
      <Teams policy={policy} users={users} />
      <Tokens users={users} tokens={tokens} act={act} />
      <section class="panel" aria-labelledby="dead-title">
        <h2 id="dead-title">Dead notifications</h2>
        {dead.length === 0 ? <p>None: every notification was delivered or is still being tried.</p> : (
          <ul class="dead">
            {dead.map((n) => (
              <li key={n.id} data-notification={n.id}>
                <strong>{n.event}</strong> to {n.recipient} ({n.role}) by {n.channel}, ticket #{n.ticket_id}: {n.attempts} attempts, last {when(n.last_attempt_at)}
                {n.error ? <div class="muted">{n.error}</div> : null}
                <button type="button" class="secondary" onClick={() => void act(`Retry of notification ${n.id}`, () => api.retryNotification(n.id))}>Retry</button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

/** Team membership is the policy's (teams:); it changes by applying a new policy. */
function Teams({ policy, users }: { policy: Policy | null; users: User[] }) {
  if (!policy) return null;
  const accounts = new Set(users.map((u) => u.username));
  const levelName = (id: string) => policy.levels.find((l) => l.id === id)?.name ?? id;
  return (
    <section class="panel" aria-labelledby="teams-title">
      <h2 id="teams-title">Teams</h2>
      <p class="muted">Membership comes from the policy's <code>teams:</code>; change it on the Policy page. Staff user names are the policy's names.</p>
      <div class="table-scroll">
        <table class="data teams">
          <thead><tr><th scope="col">Team</th><th scope="col">Level</th><th scope="col">Lead</th><th scope="col">Manager</th><th scope="col">Members</th></tr></thead>
          <tbody>
            {policy.teams.map((t) => {
              const missing = users.length > 0 ? withoutAccount(t, accounts) : [];
              return (
                <tr key={t.id} data-team={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{t.level}: {levelName(t.level)}</td>
                  <td>{t.lead ?? '—'}</td>
                  <td>{t.manager ?? '—'}</td>
                  <td>
                    {t.members.join(', ') || '—'}
                    {missing.length > 0 ? <div class="problem">No user account: {missing.join(', ')}</div> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NewUser({ onCreate }: { onCreate: (user: { username: string; role: string; password: string; display_name: string; email: string }) => Promise<void> }) {
  const empty = { username: '', role: 'agent', password: '', display_name: '', email: '' };
  const [user, setUser] = useState(empty);
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkNewUser(user);
    setProblems(found);
    if (hasProblems(found)) return;
    await onCreate({ ...user, username: user.username.trim(), email: user.email.trim() });
    setUser(empty);
  };
  const field = (key: 'username' | 'password' | 'display_name' | 'email', label: string, type: 'text' | 'password' | 'email' = 'text') => (
    <label><span>{label}</span>
      <input type={type as 'text'} value={user[key]} aria-invalid={problems[key] ? 'true' : undefined} onInput={(e) => setUser({ ...user, [key]: e.currentTarget.value })} />
      {problems[key] ? <span class="problem">{problems[key]}</span> : null}
    </label>
  );
  return (
    <form class="admin-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Add a user">
      <h3>Add a user</h3>
      {field('username', 'User name')}
      <label><span>Role</span>
        <select value={user.role} onChange={(e) => setUser({ ...user, role: e.currentTarget.value })}>
          {roles.map((r) => <option value={r} key={r}>{roleWord(r)}</option>)}
        </select>
      </label>
      {field('password', 'Password (10+ characters)', 'password')}
      {field('display_name', 'Display name')}
      {field('email', 'E-mail', 'email')}
      <button type="submit">Add user</button>
    </form>
  );
}

function Tokens({ users, tokens, act }: { users: User[]; tokens: ApiToken[]; act: (what: string, change: () => Promise<unknown>) => Promise<void> }) {
  const [userId, setUserId] = useState('');
  const [name, setName] = useState('');
  const [made, setMade] = useState<string>('');
  const [problems, setProblems] = useState<Problems>({});
  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkTokenName(name);
    if (!userId) found.user = 'Choose whose token it is.';
    setProblems(found);
    if (hasProblems(found)) return;
    await act('New token', async () => {
      const token = await api.createToken(Number(userId), name.trim());
      setMade(token.token ?? '');
      setName('');
    });
  };
  const userName = (id: number) => users.find((u) => u.id === id)?.username ?? `#${id}`;
  return (
    <section class="panel" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      {tokens.filter((t) => !t.revoked).length === 0 ? <p>No tokens.</p> : (
        <ul class="tokens">
          {tokens.filter((t) => !t.revoked).map((t) => (
            <li key={t.id} data-token={t.name}>
              <strong>{t.name}</strong> for {userName(t.user_id)}{t.created_at ? `, made ${when(t.created_at)}` : ''}
              <button type="button" class="secondary" aria-label={`Revoke token ${t.name}`} onClick={() => void act(`Revoking ${t.name}`, () => api.revokeToken(t.id))}>Revoke</button>
            </li>
          ))}
        </ul>
      )}
      {made ? <p class="notice ok made-token">The new token, shown only this once: <code>{made}</code></p> : null}
      <form class="admin-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Make a token">
        <label><span>For user</span>
          <select value={userId} aria-invalid={problems.user ? 'true' : undefined} onChange={(e) => setUserId(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {users.map((u) => <option value={String(u.id)} key={u.id}>{u.username}</option>)}
          </select>
          {problems.user ? <span class="problem">{problems.user}</span> : null}
        </label>
        <label><span>Token name</span>
          <input value={name} aria-invalid={problems.name ? 'true' : undefined} onInput={(e) => setName(e.currentTarget.value)} />
          {problems.name ? <span class="problem">{problems.name}</span> : null}
        </label>
        <button type="submit">Make token</button>
      </form>
    </section>
  );
}
