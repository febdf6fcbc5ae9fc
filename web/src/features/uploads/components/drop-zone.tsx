'use client';

import { useRef, useState, type DragEvent } from 'react';

import { filesFromDataTransfer, filesFromInput, type PickedFile } from '../lib/files-from-drop';

type DropZoneProps = { onFiles: (files: PickedFile[]) => void };

/** Drop files or whole folders here, or pick them with the two buttons (keyboard users). */
export function DropZone({ onFiles }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  async function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    const picked = await filesFromDataTransfer(event.dataTransfer);
    if (picked.length > 0) onFiles(picked);
  }

  return (
    <div
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed p-8 text-center ${
        over ? 'border-indigo-600 bg-indigo-50' : 'border-slate-300 bg-white'
      }`}
    >
      <p className="text-base font-medium text-slate-800">Drop audio files or whole folders here</p>
      <p className="text-sm text-slate-500">
        WAV, FLAC, MP3, AAC/M4A, OGG, AIFF — each file is checked as it arrives
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          className="rounded bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          onClick={() => filesInput.current?.click()}
        >
          Choose files
        </button>
        <button
          type="button"
          className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          onClick={() => folderInput.current?.click()}
        >
          Choose a folder
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        aria-label="Audio files"
        data-testid="file-input"
        onChange={(event) => {
          onFiles(filesFromInput(event.currentTarget.files));
          event.currentTarget.value = '';
        }}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        aria-label="Folder of audio files"
        // the folder picker: not in React's attribute types, but in every current browser
        {...{ webkitdirectory: '', directory: '' }}
        onChange={(event) => {
          onFiles(filesFromInput(event.currentTarget.files));
          event.currentTarget.value = '';
        }}
      />
    </div>
  );
}
