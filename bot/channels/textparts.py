"""Long text cut into parts a platform accepts, by UTF-8 bytes, at line breaks where possible."""


def split_bytes(text: str, limit: int) -> list[str]:
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        while len(line.encode()) > limit:           # one line longer than a part: cut at a character boundary
            head = line.encode()[:limit].decode(errors="ignore")
            if current:
                parts.append(current)
                current = ""
            parts.append(head)
            line = line[len(head):]
        if len((current + line).encode()) > limit:
            parts.append(current)
            current = ""
        current += line
    return [part.rstrip("\n") for part in parts + [current] if part.strip()]
