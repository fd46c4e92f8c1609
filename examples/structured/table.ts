/** The in-page table, the JSON Schema a query must match, and the query as SQL and as a filter over the rows. */
export interface City {
  name: string;
  country: string;
  population: number;
  area_km2: number;
}

export const CITIES: City[] = [
  { name: 'Tokyo', country: 'Japan', population: 37_194_000, area_km2: 2_194 },
  { name: 'Delhi', country: 'India', population: 32_941_000, area_km2: 1_484 },
  { name: 'Shanghai', country: 'China', population: 29_210_000, area_km2: 6_341 },
  { name: 'São Paulo', country: 'Brazil', population: 22_620_000, area_km2: 1_521 },
  { name: 'Kyiv', country: 'Ukraine', population: 2_952_000, area_km2: 839 },
  { name: 'Lviv', country: 'Ukraine', population: 717_000, area_km2: 182 },
  { name: 'Reykjavík', country: 'Iceland', population: 139_000, area_km2: 273 },
];

export const COLUMNS = ['name', 'country', 'population', 'area_km2'] as const;
const OPERATORS = ['=', '<', '>', '<=', '>='] as const;

export interface Query {
  columns: (typeof COLUMNS)[number][];
  where: { column: (typeof COLUMNS)[number]; op: (typeof OPERATORS)[number]; value: string | number } | null;
  order_by: (typeof COLUMNS)[number] | null;
  descending: boolean;
  limit: number;
}

/** Only this table's columns and these operators can be written: the query always runs. */
export const querySchema = {
  type: 'object',
  properties: {
    columns: { type: 'array', items: { enum: COLUMNS }, minItems: 1, maxItems: 4 },
    where: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            column: { enum: COLUMNS },
            op: { enum: OPERATORS },
            value: { anyOf: [{ type: 'string', maxLength: 40 }, { type: 'integer' }] },
          },
          required: ['column', 'op', 'value'],
          additionalProperties: false,
        },
      ],
    },
    order_by: { anyOf: [{ type: 'null' }, { enum: COLUMNS }] },
    descending: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 20 },
  },
  required: ['columns', 'where', 'order_by', 'descending', 'limit'],
  additionalProperties: false,
};

const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`);

export function toSql(q: Query): string {
  const where = q.where ? ` WHERE ${q.where.column} ${q.where.op} ${literal(q.where.value)}` : '';
  const order = q.order_by ? ` ORDER BY ${q.order_by}${q.descending ? ' DESC' : ''}` : '';
  return `SELECT ${q.columns.join(', ')} FROM cities${where}${order} LIMIT ${q.limit};`;
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

export function runQuery(q: Query): Partial<City>[] {
  const test = (row: City) => {
    if (!q.where) return true;
    const c = compare(row[q.where.column], q.where.value);
    return { '=': c === 0, '<': c < 0, '>': c > 0, '<=': c <= 0, '>=': c >= 0 }[q.where.op];
  };
  const rows = CITIES.filter(test);
  const key = q.order_by;
  if (key) rows.sort((a, b) => compare(a[key], b[key]) * (q.descending ? -1 : 1));
  return rows.slice(0, q.limit).map((row) => Object.fromEntries(q.columns.map((c) => [c, row[c]])));
}
