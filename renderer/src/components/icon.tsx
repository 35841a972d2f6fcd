// Runtime: renderer. Line icons drawn with the current text colour; always decorative (the control names itself).

const ICON_PATHS = {
  add: 'M12 5v14M5 12h14',
  pause: 'M8 5v14M16 5v14',
  play: 'M7 4.5v15l12-7.5z',
  retry: 'M3.5 12a8.5 8.5 0 1 0 2.6-6.1M3.5 4v5h5',
  cancel: 'M6 6l12 12M18 6 6 18',
  trash: 'M4 7h16M9 7V4h6v3M6.5 7l1 13h9l1-13M10 11v6M14 11v6',
  folder: 'M3 6.5h6l2 2h10V19H3z',
  open: 'M14 4h6v6M20 4l-9 9M18 14v6H4V6h6',
  link: 'M10 14a4.2 4.2 0 0 0 6 0l3-3a4.2 4.2 0 0 0-6-6l-1 1M14 10a4.2 4.2 0 0 0-6 0l-3 3a4.2 4.2 0 0 0 6 6l1-1',
  refresh: 'M20 11A8 8 0 0 0 5.1 8M4 4v4h4M4 13a8 8 0 0 0 14.9 3M20 20v-4h-4',
  chevron: 'M6 9l6 6 6-6',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  settings: 'M4 6h9M17 6h3M15 4v4M4 12h3M11 12h9M9 10v4M4 18h11M19 18h1M17 16v4',
  search: 'M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM20 20l-4.8-4.8',
  download: 'M12 4v11M7 10l5 5 5-5M4 20h16',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  clear: 'M4 6h11M4 12h11M4 18h6M14 17l2.5 2.5L21 15',
  alert: 'M12 3 2.5 20h19zM12 10v4.5M12 17.5v.01',
  sort: 'M7 4v16M4 17l3 3 3-3M17 20V4M14 7l3-3 3 3',
  copy: 'M9 9h11v11H9zM15 9V4H4v11h5',
} as const;

export type IconName = keyof typeof ICON_PATHS;

export interface IconProps {
  name: IconName;
  /** Edge length in CSS pixels. Default 18. */
  sizePx?: number;
}

export function Icon({ name, sizePx = 18 }: IconProps) {
  return (
    <svg
      className="icon"
      width={sizePx}
      height={sizePx}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'more' ? 3.2 : 1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}
