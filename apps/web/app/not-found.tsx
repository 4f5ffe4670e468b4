import Link from 'next/link';

/** Unknown pages and invalid room names. */
export default function NotFound() {
  return (
    <main className="landing">
      <div className="landing-card">
        <h1 className="pitch">No such room.</h1>
        <p className="sub">
          Room names are letters and digits with “-” between words, like violet-otter-42 (up to 64 characters). A
          link cut short, or with a stray “%”, names no room.
        </p>
        <Link className="button primary" href="/">
          Start or join a room
        </Link>
      </div>
    </main>
  );
}
