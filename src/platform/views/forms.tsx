import type { ComponentChildren } from 'preact';

export type Values = Record<string, unknown>;
export type Errors = Record<string, string>;

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : v == null ? '' : String(v));

/** GOV.UK-style error summary: announced to screen readers, links to each field. */
export function ErrorSummary(props: { errors: Errors; labels: Record<string, string>; idPrefix?: string }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">提交的内容有 {entries.length} 处需要修改</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>{field ? <a href={`#f-${props.idPrefix ?? ''}${field}`}>{props.labels[field] ? `${props.labels[field]}：` : ''}{message}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  /** Several forms on one page with the same field names need distinct ids. */
  idPrefix?: string;
  label: string;
  values: Values;
  errors: Errors;
  hint?: string;
  required?: boolean;
}

function FieldShell(props: FieldProps & { children: ComponentChildren }) {
  const error = props.errors[props.name];
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={`f-${fid(props)}`}>
        {props.label}
        {props.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {props.hint ? <p class="hint" id={`h-${fid(props)}`}>{props.hint}</p> : null}
      {error ? <p class="error-message" id={`e-${fid(props)}`}><span class="visually-hidden">错误：</span>{error}</p> : null}
      {props.children}
    </div>
  );
}

const fid = (p: FieldProps) => `${p.idPrefix ?? ''}${p.name}`;
const describedBy = (p: FieldProps) => [p.hint ? `h-${fid(p)}` : '', p.errors[p.name] ? `e-${fid(p)}` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(props: FieldProps & { type?: string; autocomplete?: string; inputMode?: string; maxLength?: number }) {
  return (
    <FieldShell {...props}>
      <input
        id={`f-${fid(props)}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : str(props.values[props.name])}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode as 'text' | undefined}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.errors[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxLength?: number }) {
  return (
    <FieldShell {...props}>
      <textarea
        id={`f-${fid(props)}`}
        name={props.name}
        rows={props.rows ?? 5}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={props.errors[props.name] ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {str(props.values[props.name])}
      </textarea>
    </FieldShell>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const current = str(props.values[props.name]);
  return (
    <FieldShell {...props}>
      <select id={`f-${fid(props)}`} name={props.name} aria-invalid={props.errors[props.name] ? 'true' : undefined} aria-describedby={describedBy(props)}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === current}>{o.label}</option>
        ))}
      </select>
    </FieldShell>
  );
}

export function ChoiceGroup(props: FieldProps & { type: 'radio' | 'checkbox'; options: { value: string; label: string; hint?: string }[] }) {
  const raw = props.values[props.name];
  const chosen = new Set(Array.isArray(raw) ? raw.map(str) : str(raw).split(',').filter(Boolean));
  const error = props.errors[props.name];
  return (
    <fieldset class={`field choices${error ? ' field-error' : ''}`} id={`f-${fid(props)}`} aria-describedby={describedBy(props)}>
      <legend>{props.label}{props.required ? <span class="required" aria-hidden="true"> *</span> : null}</legend>
      {props.hint ? <p class="hint" id={`h-${fid(props)}`}>{props.hint}</p> : null}
      {error ? <p class="error-message" id={`e-${fid(props)}`}><span class="visually-hidden">错误：</span>{error}</p> : null}
      {props.options.map((o, i) => (
        <div class="choice" key={o.value}>
          <input type={props.type} id={`f-${fid(props)}-${i}`} name={props.name} value={o.value} checked={chosen.has(o.value)} />
          <label for={`f-${fid(props)}-${i}`}>{o.label}{o.hint ? <span class="hint"> {o.hint}</span> : null}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function Form(props: { action: string; csrfToken: string; children: ComponentChildren; method?: 'post' | 'get'; class?: string; label?: string }) {
  return (
    <form method={props.method ?? 'post'} action={props.action} class={props.class} novalidate aria-label={props.label}>
      {props.method === 'get' ? null : <input type="hidden" name="_csrf" value={props.csrfToken} />}
      {props.children}
    </form>
  );
}

export function Notice(props: { children: ComponentChildren; kind?: 'success' | 'info' | 'warning' }) {
  return <div class={`notice notice-${props.kind ?? 'info'}`} role="status">{props.children}</div>;
}
