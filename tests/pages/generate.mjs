// Generates the test pages in tests/pages/<case>/ from the seed texts in
// ../shared/seeds (run once by hand: node tests/pages/generate.mjs). The
// output is committed, so the browser tests do not need ../shared.
// Each case: source.html (a realistic page around the text) and
// expected.json (what the banner must say, Mozilla Readability test style).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const seeds = path.resolve(here, '../../../shared/seeds');
const corpusDir = process.env.UNSPUN_CORPUS || path.resolve(here, '../../corpus');

const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const read = (prefix) => fs.readFileSync(path.join(seeds, fs.readdirSync(seeds).find((f) => f.startsWith(prefix))), 'utf8');
const paras = (s) => s.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);

// Metadata of the indexed originals, as the corpus has them.
function corpusMeta() {
  const meta = {};
  for (const f of fs.existsSync(corpusDir) ? fs.readdirSync(corpusDir) : []) {
    if (!f.endsWith('.jsonl')) continue;
    for (const line of fs.readFileSync(path.join(corpusDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const a = JSON.parse(line);
      meta[a.url] = a;
    }
  }
  return Object.values(meta);
}

function page({ site, title, canonical, headline, byline, body, related, extraHead = '' }) {
  const nav = ['World', 'Politics', 'Business', 'Tech', 'Entertainment', 'Sports', 'Lifestyle']
    .map((s) => `<li><a href="/${s.toLowerCase()}">${s}</a></li>`).join('\n        ');
  const relatedHtml = related.length ? `
    <aside class="related">
      <h2>You May Also Like</h2>
      <ul>
${related.map(([h, d]) => `        <li><a href="/story/${encodeURIComponent(h.slice(0, 40).toLowerCase().replace(/\W+/g, '-'))}"><h3>${esc(h)}</h3></a><p>${esc(d)}</p></li>`).join('\n')}
      </ul>
    </aside>` : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>${canonical ? `\n  <link rel="canonical" href="${esc(canonical)}">` : ''}${extraHead}
  <style>
    body { font-family: Georgia, serif; margin: 0; color: #222; }
    header.site { background: #0b3d91; color: #fff; padding: 12px 24px; }
    header.site a { color: #fff; text-decoration: none; margin-right: 12px; }
    nav ul { list-style: none; display: flex; gap: 12px; padding: 0; margin: 8px 0 0; }
    main { max-width: 720px; margin: 24px auto; padding: 0 16px; }
    article p { font-size: 18px; line-height: 1.6; }
    .related li { margin-bottom: 12px; }
    footer { border-top: 1px solid #ccc; padding: 16px 24px; font-size: 12px; color: #666; }
  </style>
</head>
<body>
  <header class="site">
    <a class="logo" href="/">${esc(site)}</a>
    <nav>
      <ul>
        ${nav}
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>${esc(headline)}</h1>
      <p class="byline">${esc(byline)}</p>
${body}
    </article>${relatedHtml}
  </main>
  <footer>
    <p>&copy; 2025 ${esc(site)}. All rights reserved. <a href="/privacy">Privacy</a> · <a href="/terms">Terms</a> · <a href="/contact">Contact us</a></p>
  </footer>
</body>
</html>
`;
}

const P = (t) => `      <p>${esc(t)}</p>`;

// Farm pages: article text, then a "You May Also Like" block of pairs.
function farm(seed) {
  const all = paras(seed.replace(/^Share and Follow$/gm, ''));
  const headline = all[0].split('\n')[0];
  const cut = all.findIndex((p) => p.startsWith('You May Also Like'));
  const articleParas = all.slice(1, cut);
  // The junk block: "headline\n\nspun headline\n\nteaser…" triples.
  const junk = all.slice(cut).join('\n').replace(/^You May Also Like\n?/, '').split('\n').map((s) => s.trim()).filter(Boolean);
  const related = [];
  for (let i = 0; i + 2 < junk.length; i += 3) related.push([junk[i], junk[i + 2]]);
  return { headline, articleParas, related };
}

function write(dir, html, expected) {
  fs.mkdirSync(path.join(here, dir), { recursive: true });
  fs.writeFileSync(path.join(here, dir, 'source.html'), html);
  fs.writeFileSync(path.join(here, dir, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
}

const originals = corpusMeta();
const find = (re) => originals.find((a) => re.test(a.url) || re.test(a.source));
const fox = find(/foxnews/i);
const wion = originals.find((a) => a !== fox && /600 North Korean soldiers/.test(a.title));
if (!fox || !wion) throw new Error('corpus/*.jsonl must hold the Fox News (001) and 002 originals');

{
  const { headline, articleParas, related } = farm(read('000_'));
  const body = articleParas.map((p) => {
    if (p === "Russia's Putin and North Korea's Kim Jong Un") return '      <figure>\n        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Russia\'s Putin and North Korea\'s Kim Jong Un" width="640" height="360">';
    if (p.startsWith('Russian President Vladimir Putin thanked')) return `        <figcaption>${esc(p)}</figcaption>\n      </figure>`;
    return P(p);
  }).join('\n');
  write('000-farm-rewrite', page({
    site: 'Daily Buzz Wire', title: `${headline} - Daily Buzz Wire`, headline,
    byline: 'By Staff Writer · April 30, 2025', body, related,
  }), { verdict: 'rewrite', source: fox.source, title: fox.title, url: fox.url });
}

{
  const { headline, articleParas, related } = farm(read('003_'));
  write('003-farm-other', page({
    site: 'Newsline Hub', title: `${headline} | Newsline Hub`, headline,
    byline: 'Share and Follow', body: articleParas.map(P).join('\n'), related,
  }), { verdict: 'none' });
}

{
  const text = read('001_').replace(/^\s*date \d{4}-\d{2}-\d{2}\s*/, '');
  write('001-original', page({
    site: fox.source, title: `${fox.title} | ${fox.source}`, canonical: fox.url, headline: fox.title,
    byline: `Published ${fox.published ?? 'April 30, 2025'}`, body: paras(text).map(P).join('\n'), related: [],
  }), { verdict: 'none', canonical: fox.url });
}

{
  const text = read('002_');
  const body = paras(text.startsWith(wion.title) ? text.slice(wion.title.length) : text);
  write('002-original', page({
    site: wion.source, title: `${wion.title} - ${wion.source}`, canonical: wion.url, headline: wion.title,
    byline: `Published ${wion.published ?? 'April 30, 2025'}`, body: body.map(P).join('\n'), related: [],
  }), { verdict: 'none', canonical: wion.url });
}

console.log('pages written to', here);
