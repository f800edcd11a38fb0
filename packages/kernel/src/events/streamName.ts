/**
 * Stream names are `<category>-<id>`, EventStoreDB's category convention: the category is everything
 * before the first dash, so ids may themselves contain dashes (UUIDs do).
 */
export const streamName = (category: string, id: string): string => {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(category)) {
    throw new TypeError(`a stream category is a letter followed by letters, digits or "_": ${JSON.stringify(category)}`);
  }
  if (id.length === 0) throw new TypeError('a stream id must not be empty');
  return `${category}-${id}`;
};

export const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
};

export const idOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash === -1 ? '' : stream.slice(dash + 1);
};
