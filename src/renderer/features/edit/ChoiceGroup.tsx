interface Props<T extends string> {
  readonly legend: string;
  readonly name: string;
  readonly options: readonly T[];
  /** One line per option: what a user weighs when choosing it. */
  readonly notes: Readonly<Record<T, string>>;
  readonly value: T | undefined;
  readonly onChange: (value: T) => void;
}

/** Radio buttons, each with its note: storage classes, retrieval tiers. */
export function ChoiceGroup<T extends string>({ legend, name, options, notes, value, onChange }: Props<T>) {
  return (
    <fieldset className="change-form__group change-form__choices">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option} className="change-form__choice">
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          <span>
            <code>{option}</code>
            <span className="muted"> — {notes[option]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
