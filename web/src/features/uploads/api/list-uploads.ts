import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { UploadList } from './upload-schemas';

export const listUploads = () => api.get<UploadList>('/uploads', { query: { limit: 50 } });

/** Recent uploads of the partner (those started earlier or in another tab). */
export const useRecentUploads = () =>
  useQuery({ queryKey: ['uploads', 'recent'], queryFn: listUploads });
