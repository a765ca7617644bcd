/** 5 → "05": hours and minutes as a clock writes them. */
export const pad2 = (n: number): string => String(n).padStart(2, '0');
