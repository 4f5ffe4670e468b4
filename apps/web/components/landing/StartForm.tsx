'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { CLAIM_QUERY_PARAM } from '@/hooks/useHostToken';
import { PRIVATE_QUERY_PARAM } from '@/hooks/usePrivateInvites';
import { generateRoomName, parseRoomNameInput, ROOM_NAME_HINT } from '@/lib/roomName';
import { roomLink } from '@/lib/shareLinks';

/**
 * "New room" (a fresh readable name, whose host link the room page then claims: `?claim=1`), "New private room"
 * (the same, and the room page makes it private: `&private=1`) and "Join" (a room by name or link, validated before
 * navigating; a pasted invite link keeps its token).
 */
export function StartForm() {
  const router = useRouter();
  const ids = useId();
  const [joinText, setJoinText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const join = (event: FormEvent): void => {
    event.preventDefault();
    const parsed = parseRoomNameInput(joinText);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    router.push(roomLink('', parsed.roomId, parsed.token ?? null));
  };

  return (
    <div className="start">
      <button type="button" className="button primary large" onClick={() => router.push(`/r/${generateRoomName()}?${CLAIM_QUERY_PARAM}=1`)}>
        New room
      </button>
      <button
        type="button"
        className="button large"
        title="Only people with its editor or viewer link get in"
        onClick={() => router.push(`/r/${generateRoomName()}?${CLAIM_QUERY_PARAM}=1&${PRIVATE_QUERY_PARAM}=1`)}
      >
        New private room
      </button>
      <span className="start-or">or</span>
      <form className="join-form" onSubmit={join} noValidate>
        <label htmlFor={`${ids}-room`} className="sr-only">
          Room name
        </label>
        <input
          id={`${ids}-room`}
          className="input large"
          placeholder="violet-otter-42"
          value={joinText}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? `${ids}-error` : undefined}
          title={ROOM_NAME_HINT}
          onChange={(e) => {
            setJoinText(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button large">
          Join
        </button>
      </form>
      {error !== null && (
        <p id={`${ids}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
