import { render, screen } from '@testing-library/react';

import type { Found } from '../api/upload-schemas';
import { FoundFacts } from '../components/found-facts';

test('structured tags read as words, never as raw JSON (issue 17)', () => {
  const found = {
    format: 'flac',
    tags: {
      title: 'Night Drive',
      cover: { mime_type: 'image/jpeg', width: 600, height: 600, size_bytes: 81_000 },
      contributors: [{ name: 'Nina Sky', role: 'Composer' }],
      p_line: { text: 'Moonbeam Records', year: 2024 },
      replaygain: { track_gain: -6.1, album_gain: null },
    },
  } as unknown as Found;

  render(<FoundFacts found={found} />);

  const facts = screen.getByLabelText('What was found');
  expect(facts).not.toHaveTextContent('{');
  expect(facts).toHaveTextContent('image/jpeg 600×600 px');
  expect(facts).toHaveTextContent('Nina Sky (Composer)');
  expect(facts).toHaveTextContent('2024 Moonbeam Records');
  expect(facts).toHaveTextContent('track gain -6.1');
});
