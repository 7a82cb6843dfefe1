// The CSS custom properties components set inline, typed so `style` needs no cast.
declare module 'react' {
  interface CSSProperties {
    '--sector-color'?: string;
    '--severity-color'?: string;
  }
}

export {};
