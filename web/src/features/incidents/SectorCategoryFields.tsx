import { sectorById, type Sector, type SectorId } from '@mirsad/shared';
import { useState } from 'react';
import { useI18n } from '../../i18n/useI18n.js';
import { SelectField } from '../../ui/Field.js';

/** A sector and one of its categories, chosen together: a new sector starts on its first category. */
export interface SectorCategory {
  sector: SectorId;
  category: string;
  setSector: (sector: SectorId) => void;
  setCategory: (category: string) => void;
}

/** The state of a sector-then-category choice, starting on `initial`. */
export function useSectorCategory(initial: SectorId): SectorCategory {
  const [sector, setSectorOnly] = useState<SectorId>(initial);
  const [category, setCategory] = useState<string>(sectorById(initial).categories[0]?.id ?? '');
  return {
    sector,
    category,
    setSector: (next) => {
      setSectorOnly(next);
      setCategory(sectorById(next).categories[0]?.id ?? '');
    },
    setCategory,
  };
}

/**
 * The two lists of a sector-then-category choice (reassigning an incident, a trainer's inject):
 * the category list always holds the chosen sector's categories, in the page's language.
 */
export function SectorCategoryFields({
  sectors,
  choice,
  sectorLabel,
  categoryLabel,
  testIdPrefix,
}: {
  sectors: readonly Sector[];
  choice: SectorCategory;
  sectorLabel: string;
  categoryLabel: string;
  /** `reassign` gives `reassign-sector` and `reassign-category`. */
  testIdPrefix: string;
}) {
  const { text } = useI18n();
  return (
    <>
      <SelectField
        label={sectorLabel}
        testId={`${testIdPrefix}-sector`}
        value={choice.sector}
        options={sectors.map((candidate) => ({ value: candidate.id, label: text(candidate.name) }))}
        onChange={choice.setSector}
      />
      <SelectField
        label={categoryLabel}
        testId={`${testIdPrefix}-category`}
        value={choice.category}
        options={sectorById(choice.sector).categories.map((candidate) => ({
          value: candidate.id,
          label: text(candidate.name),
        }))}
        onChange={choice.setCategory}
      />
    </>
  );
}
