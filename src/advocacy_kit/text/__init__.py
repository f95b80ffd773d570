"""Text rules per platform: counting (X weighted length, SMS segments, graphemes),
fitting posts and splitting threads."""
