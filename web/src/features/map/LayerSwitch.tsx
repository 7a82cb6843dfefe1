/** One layer's switch in the map's key: a checkbox and its name. */
export function LayerSwitch({
  testId,
  label,
  isChecked,
  onToggle,
}: {
  testId: string;
  label: string;
  isChecked: boolean;
  onToggle: () => void;
}) {
  return (
    <label className="check">
      <input type="checkbox" data-testid={testId} checked={isChecked} onChange={onToggle} />
      {label}
    </label>
  );
}
