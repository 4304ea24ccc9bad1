/** Display preferences (适老模式 and 字号) kept in a cookie; pure helpers, no HTTP. */
export interface DisplayPrefs {
  elderly: boolean;
  scale: number;
}

export const PREFS_COOKIE = 'gk_prefs';
export const allowedScales = [100, 125, 150, 175] as const;
/** 适老化 guidance: larger text by default in elderly mode. */
const ELDERLY_MIN_SCALE = 125;

export function parsePrefs(cookie: string | undefined): DisplayPrefs {
  const elderly = /(^|;)e=1(;|$)/.test(cookie ?? '');
  const scaleMatch = /(^|;)s=(\d{3})(;|$)/.exec(cookie ?? '');
  const scale = Number(scaleMatch?.[2] ?? 100);
  return { elderly, scale: (allowedScales as readonly number[]).includes(scale) ? scale : 100 };
}

export function serializePrefs(prefs: DisplayPrefs): string {
  return `e=${prefs.elderly ? 1 : 0};s=${prefs.scale}`;
}

export function applyPrefChange(current: DisplayPrefs, query: { elderly?: string; scale?: string }): DisplayPrefs {
  const next = { ...current };
  if (query.elderly === '1') next.elderly = true;
  if (query.elderly === '0') next.elderly = false;
  const scale = Number(query.scale);
  if ((allowedScales as readonly number[]).includes(scale)) next.scale = scale;
  return next;
}

/** The per-visitor stylesheet: empty for defaults, otherwise the 适老 rules (line spacing ≥ 1.3, high contrast). */
export function prefsStylesheet(prefs: DisplayPrefs): string {
  const rules: string[] = [];
  const scale = prefs.elderly ? Math.max(prefs.scale, ELDERLY_MIN_SCALE) : prefs.scale;
  if (scale !== 100) rules.push(`:root{font-size:${scale}%}`);
  if (prefs.elderly) {
    rules.push(
      ':root{--text:#000;--muted:#1a1a1a;--link:#002f6c;--line:#5c6670;--blue:#003366;--blue-dark:#001f3f;--bg-soft:#eef1f4}',
      'body{line-height:1.9;letter-spacing:.03em;background:#fff}',
      'a{text-decoration:underline;text-underline-offset:.2em}',
      '.when-elderly{display:inline}.when-normal{display:none}',
      '.main-nav a{font-size:1.15rem;font-weight:700}',
      'button,.button,.site-search button{min-height:3rem;font-weight:700}',
      'input,select,textarea{min-height:3rem}',
      ':focus-visible{outline-width:4px}',
      '.hint,.meta,.empty{color:#1a1a1a}',
    );
  }
  return rules.join('\n');
}
