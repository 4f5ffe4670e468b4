export default function HomePage() {
  return (
    <main>
      <h1>promptjam</h1>
      <p>Co-edit one prompt; the picture changes as fast as you type.</p>
    </main>
  );
}
