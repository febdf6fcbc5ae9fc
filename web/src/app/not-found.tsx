import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <Link href="/" className="text-indigo-800 underline">
        Back to the dashboard
      </Link>
    </div>
  );
}
