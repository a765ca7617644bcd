#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, so `npm test` works on a fresh machine:
# Java for DynamoDB Local (a store test backend) and Debian's Chromium for the chat-page browser
# test (never a downloaded browser). Does nothing when both are present.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Without an emoji font the screenshot shows the bot's ⏰ and ✅ as boxes.
[ -n "$(ls /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf 2>/dev/null)" ] || missing+=(fonts-noto-color-emoji)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "The tests need: ${missing[*]}. Install them with your package manager (Debian: apt-get install -y ${missing[*]})." >&2
  exit 1
fi
echo "Installing test tools: ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
