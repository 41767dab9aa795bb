// Sign in with user name and password (POST /api/v1/session). The service sets the
// HttpOnly session cookie; the CSRF token comes back with GET /api/v1/me.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api';
import { checkSignIn, hasProblems, type Problems } from '../lib/validation';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkSignIn(username, password);
    setProblems(found);
    setError('');
    if (hasProblems(found)) return;
    setBusy(true);
    try {
      await api.signIn(username.trim(), password);
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError('The user name or password is not right.');
      else if (err instanceof ApiError && err.status === 429) setError('Too many failed attempts. Wait a few minutes and try again.');
      else setError(err instanceof Error ? err.message : 'Signing in failed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <form class="panel narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Escalator</h1>
        {error ? <p class="error" role="alert">{error}</p> : null}
        <label for="username">User name</label>
        <input id="username" name="username" autocomplete="username" value={username}
          aria-invalid={problems.username ? 'true' : undefined} aria-describedby={problems.username ? 'username-problem' : undefined}
          onInput={(e) => setUsername(e.currentTarget.value)} />
        {problems.username ? <p id="username-problem" class="problem">{problems.username}</p> : null}
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" value={password}
          aria-invalid={problems.password ? 'true' : undefined} aria-describedby={problems.password ? 'password-problem' : undefined}
          onInput={(e) => setPassword(e.currentTarget.value)} />
        {problems.password ? <p id="password-problem" class="problem">{problems.password}</p> : null}
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
