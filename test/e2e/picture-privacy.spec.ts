/**
 * No picture leaves with its metadata, whichever way it is given: a JPEG with a GPS position, a PNG
 * with eXIf and tEXt, a WebP with EXIF and XMP, sent through the library (data: and blob: URLs) to the
 * loopback OpenAI server. What arrives is the picture byte for byte, and nothing of what the phone wrote.
 * (The AI SDK's path is in package.spec.ts, through the installed package.)
 */
import { cleanJpeg, indexOf, jpegWithMetadata, PERSONAL, phonePictures } from '../fixtures/picture-metadata.ts';
import type { StaticServer } from '../fixtures/static-server.ts';
import { expect, posts, test, testKey } from './fixtures.ts';
import { openLibrary, startLibrarySite } from './library-page.ts';

let site: StaticServer;
test.beforeAll(async () => {
  site = await startLibrarySite();
});
test.afterAll(() => site?.close());

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The pictures as a phone sends them, each beside the picture it is. */
const PICTURES = phonePictures();

/** Every picture of the first chat request the server got, as bytes. */
function arrived(requests: ReturnType<typeof posts>): Buffer[] {
  const body = JSON.parse(requests[0]?.body ?? '{}') as { messages: { content: unknown }[] };
  return body.messages.flatMap((m) =>
    Array.isArray(m.content)
      ? (m.content as { type: string; image_url?: { url: string } }[]).flatMap((p) =>
          p.type === 'image_url' && p.image_url ? [Buffer.from(p.image_url.url.slice(p.image_url.url.indexOf(',') + 1), 'base64')] : [],
        )
      : [],
  );
}

function expectNothingPersonal(bytes: Uint8Array): void {
  for (const [what, text] of Object.entries(PERSONAL)) expect(indexOf(bytes, text), `${what} is gone`).toBe(-1);
  for (const marker of ['Exif', 'GPS', 'tEXt', 'iTXt', 'eXIf', 'XMP', 'http://ns.adobe.com'])
    expect(indexOf(bytes, marker), marker).toBe(-1);
}

test('through the library: data: and blob: pictures reach the cloud as the same pictures, with no GPS, camera, dates, XMP or text', async ({
  app,
  cloud,
}) => {
  for (const p of PICTURES) expect(indexOf(p.sent, PERSONAL.make), `the ${p.type} test picture carries metadata`).toBeGreaterThan(0);
  const key = testKey('pictures');
  cloud.expectedKey = key;
  const run = await openLibrary(app.page, site.url, { model: 'cloud', cloud: { baseURL: cloud.baseURL, apiKey: key } });
  const pictures = PICTURES.map((p) => ({ type: p.type, base64: base64(p.sent) }));
  for (const as of ['data', 'blob'] as const) {
    cloud.requests.length = 0;
    const text = await run(
      `const parts = args[0].map(({ type, base64 }) => {
         const url = args[1] === 'data' ? 'data:' + type + ';base64,' + base64
           : URL.createObjectURL(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type }));
         return { type: 'image_url', image_url: { url } };
       });
       const r = await rt.chat.completions.create({ messages: [{ role: 'user', content: [{ type: 'text', text: 'where was this?' }, ...parts] }] });
       return r.choices[0].message.content;`,
      pictures,
      as,
    );
    expect(text).toBe('You said: where was this?');
    const got = arrived(posts(cloud));
    expect(got, `${as}: three pictures arrived`).toHaveLength(3);
    got.forEach((bytes, i) => {
      const { type, clean } = PICTURES[i] as (typeof PICTURES)[number];
      expectNothingPersonal(bytes);
      expect(Buffer.compare(bytes, Buffer.from(clean)), `${as}: the ${type} is the picture itself, byte for byte`).toBe(0);
    });
  }
});

test('through the library, a picture that is not one is refused by name, and nothing is sent', async ({ app, cloud }) => {
  const run = await openLibrary(app.page, site.url, { model: 'cloud', cloud: { baseURL: cloud.baseURL, apiKey: testKey('bad') } });
  // A JPEG whose EXIF segment claims more bytes than the file has.
  const broken = jpegWithMetadata(cleanJpeg()).subarray(0, 40);
  const refused = (await run(
    `try {
       await rt.chat.completions.create({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,' + args[0] } }] }] });
     } catch (e) { return { name: e.name, message: e.message }; }`,
    base64(broken),
  )) as { name: string; message: string };
  expect(refused.name).toBe('InvalidRequestError');
  expect(refused.message).toMatch(/^Message 1, part 2 is (cut short|not a picture InPage can read)/);
  expect(posts(cloud)).toEqual([]);
});
