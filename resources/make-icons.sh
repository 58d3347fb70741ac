#!/bin/sh
# Regenerates icons/authscope-*.png with ImageMagick (run by hand; the PNGs are committed).
# The design: a magnifying glass over a keyhole, on a blue rounded square.
set -eu
cd "$(dirname "$0")"
convert -size 256x256 xc:none \
    \( -size 232x232 gradient:'#2b6cb0-#1a365d' \
       \( -size 232x232 xc:none -fill white -draw 'roundrectangle 0,0 231,231 44,44' \) \
       -alpha off -compose CopyOpacity -composite \) \
    -geometry +12+12 -compose over -composite \
    -fill none -stroke white -strokewidth 18 -draw 'circle 110,110 110,50' \
    -stroke white -strokewidth 28 -draw 'line 158,158 206,206' \
    -stroke none -fill '#f6ad55' -draw 'circle 110,96 110,78' \
    -fill '#f6ad55' -draw 'polygon 100,104 120,104 128,146 92,146' \
    -depth 8 PNG32:icons/authscope-256.png
for size in 16 32 48 64 128; do
    convert icons/authscope-256.png -filter Lanczos -resize ${size}x${size} -depth 8 PNG32:icons/authscope-${size}.png
done
