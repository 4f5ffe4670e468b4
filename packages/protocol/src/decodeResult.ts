/** Decoding untrusted bytes yields a value or a reason; expected bad input is never thrown. */
export type DecodeResult<T> = { value: T; error?: undefined } | { value?: undefined; error: string };
