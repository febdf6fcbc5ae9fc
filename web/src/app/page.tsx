'use client';

import { Dashboard } from '@/features/dashboard/components/dashboard';

export default function DashboardPage() {
  return <Dashboard />;
}
