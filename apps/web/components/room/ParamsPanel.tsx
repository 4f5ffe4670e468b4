'use client';

import { MAX_SEED, MAX_STEPS, MIN_STEPS, SIZE_PRESETS } from '@promptjam/protocol';
import { useEffect, useId, useState } from 'react';
import type * as Y from 'yjs';
import { useRoomParams } from '@/hooks/useSharedValue';
import { randomSeed, writeParam, writeSeedLock, writeSize } from '@/lib/roomParams';
import { Icon } from '@/components/Icon';

const STEP_CHOICES = Array.from({ length: MAX_STEPS - MIN_STEPS + 1 }, (_, i) => MIN_STEPS + i);
/** Strength choices for img2img: low stays close to the sketch, 1 keeps only its rough colours. */
const STRENGTH_CHOICES = [0.25, 0.5, 0.75, 1];

/** Props of {@link ParamsPanel}. */
export interface ParamsPanelProps {
  /** The room's `Y.Map('params')`; every change here is everyone's. */
  map: Y.Map<unknown>;
  /** The host locked the parameters for this person: they show and follow changes, and cannot be changed here. */
  locked?: boolean;
}

/**
 * The room's shared generation parameters: seed (re-roll, lock), steps, sketch strength and size presets.
 * Every control writes the shared map, so everyone sees the change and the server re-renders.
 */
export function ParamsPanel({ map, locked = false }: ParamsPanelProps) {
  const { params, seedLocked } = useRoomParams(map);
  const ids = useId();
  // The seed field keeps what is being typed until it is a valid seed; remote changes overwrite it.
  const [seedText, setSeedText] = useState(String(params.seed));
  useEffect(() => setSeedText(String(params.seed)), [params.seed]);

  const onSeedInput = (value: string): void => {
    setSeedText(value);
    if (/^\d+$/.test(value) && Number(value) <= MAX_SEED) writeParam(map, 'seed', Number(value));
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Parameters <span className="panel-note">{locked ? 'locked by the host' : 'shared with everyone'}</span>
        </h2>
      </div>
      <fieldset className="params" disabled={locked}>
        <div className="field">
          <label htmlFor={`${ids}-seed`}>Seed</label>
          <div className="seed-row">
            <input
              id={`${ids}-seed`}
              className="input mono"
              inputMode="numeric"
              pattern="[0-9]*"
              value={seedText}
              disabled={seedLocked}
              aria-invalid={seedText !== String(params.seed)}
              onChange={(e) => onSeedInput(e.target.value)}
              onBlur={() => setSeedText(String(params.seed))}
            />
            <button
              type="button"
              className="button small"
              disabled={seedLocked}
              onClick={() => writeParam(map, 'seed', randomSeed(Math.random, params.seed))}
              title="Pick a random seed"
            >
              <Icon name="dice" /> Re-roll
            </button>
            <button
              type="button"
              className="button ghost small"
              aria-pressed={seedLocked}
              onClick={() => writeSeedLock(map, !seedLocked)}
              title={seedLocked ? 'Unlock the seed for everyone' : 'Lock the seed for everyone'}
            >
              <Icon name={seedLocked ? 'lock' : 'unlock'} /> {seedLocked ? 'Locked' : 'Lock'}
            </button>
          </div>
        </div>

        <fieldset className="field">
          <legend>Steps</legend>
          <div className="segmented">
            {STEP_CHOICES.map((steps) => (
              <label key={steps} className="segment">
                <input type="radio" name={`${ids}-steps`} value={steps} checked={params.steps === steps} onChange={() => writeParam(map, 'steps', steps)} />
                <span>{steps}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="field">
          <legend title="How far the picture may move away from the sketch (used when the room has a sketch or image)">Sketch strength</legend>
          <div className="segmented">
            {STRENGTH_CHOICES.map((strength) => (
              <label key={strength} className="segment">
                <input type="radio" name={`${ids}-strength`} value={strength} checked={params.strength === strength} onChange={() => writeParam(map, 'strength', strength)} />
                <span>{strength}</span>
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="field">
          <legend>Size</legend>
          <div className="segmented wrap">
            {SIZE_PRESETS.map((preset) => (
              <label key={preset.label} className="segment">
                <input
                  type="radio"
                  name={`${ids}-size`}
                  value={preset.label}
                  checked={params.width === preset.width && params.height === preset.height}
                  onChange={() => writeSize(map, preset.width, preset.height)}
                />
                <span>{preset.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </fieldset>
    </section>
  );
}
