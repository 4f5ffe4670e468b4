import Link from 'next/link';

/** Unknown pages and invalid room names. */
export default function NotFound() {
  return (
    <main className="landing">
      <div className="landing-card">
        <h1 className="pitch">No such room.</h1>
        <p className="sub">Room names use letters, digits, “-” and “_”, up to 64 characters.</p>
        <Link className="button primary" href="/">
          Start or join a room
        </Link>
      </div>
    </main>
  );
}
