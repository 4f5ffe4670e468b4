import { StartForm } from '@/components/landing/StartForm';

/** `/`: what promptjam is, in one line, and the way into a room. */
export default function HomePage() {
  return (
    <main className="landing">
      <div className="landing-card">
        <p className="brand large">
          prompt<span>jam</span>
        </p>
        <h1 className="pitch">Write one prompt together. Watch the picture change as you type.</h1>
        <p className="sub">Share the room link or QR code; everyone edits live and sees every new frame at once.</p>
        <StartForm />
      </div>
    </main>
  );
}
