import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';
import type { ApiSchemas } from '@/lib/api-types';

// A partner's ISRC prefixes and UPC/EAN ranges as the API declares them (generated from OpenAPI)
export type CodeSource = ApiSchemas['CodeSourceOut'];
export type CodeSources = ApiSchemas['CodeSourcesOut'];
export type IsrcPrefixInput = { country_code: string; registrant_code: string; label?: string };
export type UpcRangeInput =
  | { company_prefix: string; length: 12 | 13; label?: string }
  | { first: string; last: string; label?: string };

export const getCodeSources = () => api.get<CodeSources>('/code-sources');

export const useCodeSources = () =>
  useQuery({ queryKey: ['code-sources'], queryFn: getCodeSources });

export const registerIsrcPrefix = (input: IsrcPrefixInput) =>
  api.post<CodeSource>('/code-sources/isrc-prefixes', input, { notifyOnError: false });

export const registerUpcRange = (input: UpcRangeInput) =>
  api.post<CodeSource>('/code-sources/upc-ranges', input, { notifyOnError: false });

function useRegister<T>(register: (input: T) => Promise<CodeSource>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['code-sources'] }),
  });
}

export const useRegisterIsrcPrefix = () => useRegister(registerIsrcPrefix);
export const useRegisterUpcRange = () => useRegister(registerUpcRange);
