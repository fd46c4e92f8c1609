/** The requests the structured-output specs send: a schema and a tool whose every value the grammar bounds. */

/** A schema whose every value the grammar bounds: enums and bounded integers. */
export const PICK = {
  type: 'object',
  properties: { letter: { enum: ['A', 'B'] }, count: { type: 'integer', minimum: 1, maximum: 30 } },
  required: ['letter', 'count'],
  additionalProperties: false,
};

export const ADD = {
  type: 'function',
  function: {
    name: 'add',
    description: 'Adds two whole numbers.',
    parameters: {
      type: 'object',
      properties: { a: { type: 'integer', minimum: 0, maximum: 99 }, b: { type: 'integer', minimum: 0, maximum: 99 } },
      required: ['a', 'b'],
      additionalProperties: false,
    },
  },
};
