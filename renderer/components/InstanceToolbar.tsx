/** Search and filters over the instance table: text, environment, region, tag, status. */
import type { InstanceStatus } from '../../shared/model/instance-view.js';
import { isFiltering, STATUSES, EMPTY_FILTER, type Facets, type InstanceFilter } from '../state/instance-filter.js';

interface Props {
  filter: InstanceFilter;
  onChange(filter: InstanceFilter): void;
  facets: Facets;
  shown: number;
  total: number;
}

function FacetSelect({ label, allLabel, value, options, onChange, testId }: { label: string; allLabel: string; value: string | null; options: readonly string[]; onChange(value: string | null): void; testId: string }) {
  // Keep a chosen value listed even if no instance has it any more, so the control never lies.
  const all = value !== null && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className={`filter${value !== null ? ' active' : ''}`}>
      <span className="visually-hidden">{label}</span>
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)} data-testid={testId} disabled={all.length === 0}>
        <option value="">{allLabel}</option>
        {all.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

export function InstanceToolbar({ filter, onChange, facets, shown, total }: Props) {
  return (
    <div className="toolbar" role="search" aria-label="Filter instances">
      <label className="search">
        <span className="visually-hidden">Search instances</span>
        <input
          type="search"
          placeholder="Search host, tag, env, region  (press /)"
          value={filter.text}
          onChange={(event) => onChange({ ...filter, text: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && filter.text !== '') {
              event.stopPropagation();
              onChange({ ...filter, text: '' });
            }
          }}
          data-testid="instance-search"
          aria-keyshortcuts="/"
        />
      </label>
      <label className={`filter${filter.status !== null ? ' active' : ''}`}>
        <span className="visually-hidden">Status</span>
        <select value={filter.status ?? ''} onChange={(event) => onChange({ ...filter, status: event.target.value === '' ? null : (event.target.value as InstanceStatus) })} data-testid="status-filter">
          <option value="">All statuses</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <FacetSelect label="Environment" allLabel="All environments" value={filter.environment} options={facets.environments} onChange={(environment) => onChange({ ...filter, environment })} testId="environment-filter" />
      <FacetSelect label="Region" allLabel="All regions" value={filter.region} options={facets.regions} onChange={(region) => onChange({ ...filter, region })} testId="region-filter" />
      <FacetSelect label="Tag" allLabel="All tags" value={filter.tag} options={facets.tags} onChange={(tag) => onChange({ ...filter, tag })} testId="tag-filter" />
      <span className="toolbar-count muted" aria-live="polite" data-testid="instance-count">
        {shown === total ? `${total.toLocaleString('en-US')} instances` : `${shown.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} shown`}
      </span>
      <button type="button" className="button button-small" disabled={!isFiltering(filter)} onClick={() => onChange(EMPTY_FILTER)}>
        Clear
      </button>
    </div>
  );
}
