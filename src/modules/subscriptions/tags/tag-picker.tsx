import type { TagRow } from './tags.store.js';
import { groupByCategory } from './tags.service.js';

/**
 * Checkboxes from the vocabulary, one fieldset per category. A retired tag (or, on documents, a
 * label from the old free-text field) that is already chosen still shows, checked, so saving the
 * form keeps it; it is never offered unchecked.
 */
export function TagPicker(props: {
  name: string;
  legend: string;
  hint?: string;
  tags: TagRow[];
  /** What the checkboxes submit: the tag id (profiles) or its label (documents). */
  by: 'id' | 'label';
  chosen: Set<string>;
  error?: string;
}) {
  const valueOf = (t: TagRow) => (props.by === 'id' ? String(t.id) : t.label);
  const known = new Set(props.tags.map(valueOf));
  const groups = groupByCategory(props.tags, true).map((g) => ({ ...g, tags: g.tags.filter((t) => !t.retired_at || props.chosen.has(valueOf(t))) }));
  const strays = [...props.chosen].filter((v) => !known.has(v));
  const box = (value: string, label: string, note?: string) => {
    const id = `f-${props.name}-${encodeURIComponent(value).replace(/%/g, '')}`;
    return (
      <div class="choice" key={value}>
        <input type="checkbox" id={id} name={props.name} value={value} checked={props.chosen.has(value)} />
        <label for={id}>{label}{note ? <span class="hint">（{note}）</span> : null}</label>
      </div>
    );
  };
  return (
    <fieldset class={`field choices${props.error ? ' field-error' : ''}`} id={`f-${props.name}`}>
      <legend>{props.legend}</legend>
      {props.hint ? <p class="hint">{props.hint}</p> : null}
      {props.error ? <p class="error-message"><span class="visually-hidden">错误：</span>{props.error}</p> : null}
      {groups.map((g) =>
        g.tags.length === 0 ? null : (
          <fieldset class="field choices" key={g.category}>
            <legend>{g.label}</legend>
            {g.tags.map((t) => box(valueOf(t), t.label, t.retired_at ? '已停用' : undefined))}
          </fieldset>
        ),
      )}
      {strays.length ? (
        <fieldset class="field choices">
          <legend>其他（不在标签库中）</legend>
          {strays.map((v) => box(v, v))}
        </fieldset>
      ) : null}
    </fieldset>
  );
}

/** A posted checkbox list (one value, several, or none) as strings. */
export function chosenValues(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map(String).filter(Boolean);
  if (typeof raw === 'string') return raw.split(/[、,，]/).map((s) => s.trim()).filter(Boolean);
  return [];
}
