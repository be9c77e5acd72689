"""WeCom's callback crypto, as its WXBizMsgCrypt samples specify.

The signature is SHA-1 over the sorted (token, timestamp, nonce, ciphertext).
The ciphertext is base64 of AES-256-CBC (key = EncodingAESKey decoded, IV = its
first 16 bytes, PKCS#7 padded to 32-byte blocks) over
16 random bytes + the message length (4 bytes, big-endian) + message + corp id.
A callback is accepted once: its timestamp must be within REPLAY_WINDOW of now
and its (timestamp, nonce) not seen before, so a captured request cannot be replayed.
"""
import base64
import hashlib
import os
import struct
from xml.etree import ElementTree

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32
REPLAY_WINDOW = 300.0


class CallbackRefused(Exception):
    """A callback that is not WeCom's: bad signature, stale or replayed, or not decryptable for this corp."""


def signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypted])).encode()).hexdigest()


class WeComCrypto:
    def __init__(self, token: str, aes_key: str, corp_id: str):
        self.token, self.corp_id = token, corp_id
        self._key = base64.b64decode(aes_key + "=")
        if len(self._key) != 32:
            raise ValueError("EncodingAESKey 应为 43 个字符")
        self._seen: dict[tuple[str, str], float] = {}

    def encrypt(self, plain: str) -> str:
        body = plain.encode()
        data = os.urandom(16) + struct.pack(">I", len(body)) + body + self.corp_id.encode()
        pad = BLOCK - len(data) % BLOCK
        encryptor = self._cipher().encryptor()
        return base64.b64encode(encryptor.update(data + bytes([pad]) * pad) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        decryptor = self._cipher().decryptor()
        try:
            data = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
        except ValueError as error:
            raise CallbackRefused(f"密文无法解密：{error}") from None
        pad = data[-1] if data else 0
        if not 1 <= pad <= BLOCK:
            raise CallbackRefused("密文填充有误")
        data = data[16:-pad]
        (length,) = struct.unpack(">I", data[:4])
        message, receiver = data[4:4 + length], data[4 + length:]
        if receiver.decode(errors="replace") != self.corp_id:
            raise CallbackRefused("密文不属于本企业")
        return message.decode()

    def check(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str, now: float) -> str:
        """The plaintext of a callback WeCom signed, once; CallbackRefused otherwise."""
        if signature(self.token, timestamp, nonce, encrypted) != msg_signature:
            raise CallbackRefused("签名不符")
        if not timestamp.isdigit() or abs(now - int(timestamp)) > REPLAY_WINDOW:
            raise CallbackRefused("时间戳超出有效期")
        self._forget(now)
        if (timestamp, nonce) in self._seen:
            raise CallbackRefused("重复的回调（nonce 已用过）")
        plain = self.decrypt(encrypted)
        self._seen[(timestamp, nonce)] = now
        return plain

    def seal(self, plain: str, timestamp: str, nonce: str) -> tuple[str, str]:
        """(ciphertext, msg_signature), as WeCom sends a callback (the emulator plays WeCom with it)."""
        encrypted = self.encrypt(plain)
        return encrypted, signature(self.token, timestamp, nonce, encrypted)

    def _forget(self, now: float) -> None:
        for seen in [key for key, at in self._seen.items() if now - at > 2 * REPLAY_WINDOW]:
            del self._seen[seen]

    def _cipher(self) -> Cipher:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16]))


def xml_fields(xml: str) -> dict[str, str]:
    """The flat fields of WeCom's XML (<xml><Encrypt>…</Encrypt>…</xml>), CDATA unwrapped."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise CallbackRefused(f"XML 无法解析：{error}") from None
    return {child.tag: (child.text or "") for child in root}
