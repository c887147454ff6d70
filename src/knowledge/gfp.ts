/**
 * The zone modifiers of a gfp mode as the kernel prints it (`0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)`, `0xd0`):
 * the four low bits are the same in every kernel since 2.6 (include/linux/gfp_types.h: ___GFP_DMA 0x01,
 * ___GFP_HIGHMEM 0x02, ___GFP_DMA32 0x04, ___GFP_MOVABLE 0x08), and the flag names say the same where printed.
 */
export interface GfpZoneFlags {
  /** The mode starts with a hex value (the low bits are read from it). */
  hex: boolean;
  dma: boolean;
  highmem: boolean;
  dma32: boolean;
  movable: boolean;
}

export function gfpZoneFlags(mode: string | undefined): GfpZoneFlags {
  const hex = mode ? /^0x([0-9a-fA-F]+)/.exec(mode) : null;
  const bits = hex ? parseInt(hex[1].slice(-2), 16) : 0;
  const names = mode ?? '';
  return {
    hex: hex !== null,
    dma: (bits & 0x01) !== 0 || /__GFP_DMA\b(?!32)/.test(names),
    highmem: (bits & 0x02) !== 0 || /HIGHUSER|__GFP_HIGHMEM/.test(names),
    dma32: (bits & 0x04) !== 0 || /__GFP_DMA32/.test(names),
    movable: (bits & 0x08) !== 0 || /MOVABLE/.test(names),
  };
}
