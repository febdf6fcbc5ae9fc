import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import { UploadListSchema } from './upload-schemas';

export const listUploads = () =>
  api.get('/uploads', { query: { limit: 50 }, schema: UploadListSchema });

/** Recent uploads of the partner (those started earlier or in another tab). */
export const useRecentUploads = () =>
  useQuery({ queryKey: ['uploads', 'recent'], queryFn: listUploads });
