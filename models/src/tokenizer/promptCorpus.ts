/**
 * The text the tiny vocabulary is trained on: prompt-like English written for this project. Only its word
 * frequencies matter; it makes common prompt words a single token or two, as in the real CLIP vocabulary.
 */
export const PROMPT_CORPUS = `
a photo of a cat sitting on a red chair by the window, soft light, high detail
a painting of a dog running on the beach at sunset, orange and purple sky
portrait of an old man with a grey beard, dramatic lighting, oil painting
a castle on a hill above a green valley, fantasy art, clouds, morning mist
a bowl of fruit on a wooden table, still life, apples, oranges and grapes
a city street at night in the rain, neon lights, reflections, cinematic
an astronaut riding a horse on the moon, digital art, stars in the black sky
a small boat on a blue lake surrounded by mountains and pine trees
a field of yellow flowers under a bright summer sun, watercolor
a robot reading a book in a library, warm light, detailed illustration
a forest path in autumn with red and orange leaves, photograph
a bird flying over the ocean, waves, white foam, long exposure
a cozy room with a fireplace, a sleeping cat and a cup of tea
a mountain landscape in winter, snow, ice, cold blue light, wide angle
a dragon made of fire in the sky over the sea, epic, highly detailed
the face of a young woman with green eyes, studio portrait, sharp focus
a house in the woods with a light in the window, night, stars, quiet
a bright colorful abstract pattern of circles and lines, vibrant colors
a cup of coffee and a croissant on a table in the morning sun
an island with palm trees in a turquoise sea, drone photo, beautiful
`;
