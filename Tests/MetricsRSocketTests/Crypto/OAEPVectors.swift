import Foundation

/// Known-answer vectors, produced once by an independent Python implementation of MGF1 and EME-OAEP
/// (hashlib SHA-1/SHA-256) and checked then with `cryptography`'s OAEP(SHA-256, MGF1-SHA-1)
/// decryption; hard-coded so that these tests need no Python.
enum OAEPVectors {
    /// MGF1-SHA-1 of the seed 0x00 0x01 ... 0x1F, 107 bytes.
    static let mgf1Output = [UInt8](hex: """
        7f5cdc3abcf37f9c529499f46ebffbc77553e81ba98ffb7caef3bd518fb7bc1b
        6cc89dbdef59cde6e6b6e6b5e405eb5e6ffb080c390c2cd82363d25a79fcf567
        c36336e9d8ae4b1e3c10455f7ed25bd9033080d6662d8e3d095305fc1b9c0a0f
        2cdbad86f988728f25a70c
        """)

    /// The message: 0x10 0x11 ... 0x1F (like a 16-byte AES key).
    static let message = [UInt8](0x10...0x1F)
    /// The OAEP seed: 0xA0 0xA1 ... 0xBF.
    static let seed = [UInt8](0xA0...0xBF)

    /// EME-OAEP encoding of ``message`` with ``seed`` for a 256-byte (2048-bit) modulus.
    static let encodedMessage = [UInt8](hex: """
        00cffc428c6f1278c7ca23e6b1780e86d6c14aac365eedaa21790f64c90e5560
        d1692a5d39c7b682b24611c935bc61f9e909b22994ace0524b01cb2db1b0e811
        6613568fb83fdf0a86b459f8f4609ca841f0c92c3748c3287b308e28c2ec3739
        4f14c79e899bb9e69c4f150e11fc51fab71ddf13db7adfabcb5d3d82240b33ee
        be60bee2e5daa772f596c909ad3b502ba3d7c3e10cc6317923f1558afafb504e
        ec34a5fd0427cd8c0a6e8269f054898e27f7ba51b81d4af2c938123e78a564ff
        d8a45998a5589d5c60e200f36ef3913c2f2f22e2ebab0cc09b4435d367cd15d4
        37ee32d9d601262e6dc8f9d98ebe795eae70a40d8240fa1de543773549c36e8d
        """)

    /// EME-OAEP encoding of the empty message with an all-zero seed, 256 bytes.
    static let encodedEmptyMessage = [UInt8](hex: """
        00a5a1c0da438e22bc5d1e17f8d0357ecec52cb99a8d0e885a367fd39baa7d03
        7d65260b4ddea97f7853c7a2a4828d63f7367425888791e59648832b6d1ca410
        130f1647e2e98834cc3ad00393e1013305aa8d1c3b7ece3864f58b0b354f6fb4
        2cb5bfee7d96f489297dffe12456675a2140dc0196d277b0affe850f09bdd8a0
        20e6c08ccf94171f19c7325fd8c72f92d43d793ef8b1a62de8c908fc9c801403
        4b46d3ec45cb79823ef523b6dd30f7ed1beaee5c0a55b62992b2da05bf5f3a4d
        1ab306d7df4ebc9343bce94316e182a44bd17889d6124d6ae4a22471e850b106
        dd974b6ae77f6fd958110a961d9581b686a852780899fcf6a58d16e6f02bfa62
        """)

    /// ``encodedMessage`` raised to e = 65537 modulo the modulus of ``privateKeyPKCS1``.
    static let ciphertext = [UInt8](hex: """
        9d5fd3214740ed344730d2d5e45856bbc346480abf9a71fec3469114c6d1c0b9
        d57874d8afab6f534849b8881424b4704401b2f5f5e1ebfafbdc1f598f26f01b
        5d80327594be1ffed00d6d5577a3f999785865b79cec7cece079e197eb8cf59c
        6e08d160d7d781f0a9f45543bbfc676cd5b656d4a17f0bd2ed3227fac75ac27f
        dce7b20e4c3ede5ce54bf5471931855e1803782ea1d964926a5a49d4f5c5a080
        25d6d03a2f59318bcb3775714989b393e7008a17f3eab0dfea473b9a31d969b3
        e4c97b993e9119626eac19b960a77ecacfeea7e43d81e3ee9d56ee0e49fe49d9
        eb95408b69d611c410e999de30ce244fa2b2cc805961ffcdbb0f090354246267
        """)

    /// A 2048-bit key made by Python `cryptography`, as PKCS #1 RSAPrivateKey DER (base64).
    static let privateKeyPKCS1 = [UInt8](Data(base64Encoded: """
        MIIEogIBAAKCAQEA5rXWbMycwkALYsFP5HmDi5IIyQkaHUfl3+CWGDBYSQvJxtw61sit/aokpO42
        oH5Ll3JdhN9w9K+YJSnw2z8uHugeHlPSk7+Zj9OCPleAE6uT33+4FVIHe6Jw2pIkoacNMWUaaUqU
        mAopKne8YR6lHuBIYnu8TNpc9XPXfVNLmStp/zOeb16EhL6onqQNi+lVq961z/LBvtYJEBCrXfC+
        yCIwrQShplyB/+V44gz3TiIC14naDIe0aFJLovjaM/uiIj8YMRIYgji7VaDcRZyCCqGYua5/4nRk
        49/+PZ8igfaIUhZAE3hjjHlM5ES+ugchSDxa/yso6PYCF+qdcsXpdwIDAQABAoIBAAFhp1KnDLRI
        /Y5jjJJO3Tiw0hMgwxo2om0FaChg9W73uZpEQGacNvozs7SU5Yq7CT1SHnRPzWO887qpiT2VXUjo
        pehV87/mZxV1ExUKXw2IlNUArg61JLipHVQjy7Mii0riHGCBSOm4E6JlviW2NdalZjvuNr7SsXbg
        8Pl6ao7lNSqZW/14+UXZJfWxnjlQcGWlww1OzO0+ufCxxsXyV28BuEgV5Avk3v2mf5E+3AYRgisx
        QkWKD5/bBxqagXD9Aa9GvByq9JqewHCExmVirq3vYbc9OrWorv5rj4Xteh6jfR/2E8kIiRFIQX3N
        Qe9w+vFV5GhLkjWdQunUIrkOIrUCgYEA/6CBIOh1ScMxvdm/FqFQtHw4R56iDTvo6f4EWy7E6K9H
        qYswFLJ3n4hWZHoKF/kbJzG9VHD9RMqxmLHlTASfxTrYJwdIkrScMBTroe3nRtr8++gxLb7ZChua
        eGEr5H9PaZW1QcEl6vdW3M6D+e03/2BaDRHBBxbDRcQWtQ5vx3UCgYEA5wwGZG/AgLXMlhcpLUyS
        gwyJbXuTBQLSAzEcZslXaqqpujooKK3bMtl0gVv0RcMlBo9NwmuLg1l0Sv/HjR0gfqXSHAQpEnHL
        4pmvw0GPtv79pRM4OqSKUWaHNLMAYp+qhid8i6cfxoM80xWK0bSLwxi8pdMLZ7UK5mG2bwnie7sC
        gYA6gOpstKb7PcApmicgr8S/udpLkeO2sappuygWEksgkdUN2XwkkH/ONC7JiiC7QdjUDI8vPzjH
        wLgKoVRAJKLISeJkdEdIxCsm2fLfuYn/7miN4qM2vAICTTT6LgsUnYp4OLomFWVvNDJeEKmlzoPN
        X6jcat7Jl40Tb4Be6bHtbQKBgDAUeogQEVk3e9mH/FOm6Z5Hz5lu68tRKO7tG2HwaDaUSTmtvImq
        lEDiq7H3tr+FuoDA9YeN5bxxsxegXqBo/UgdrbmSzBFAiRMgtEjHreaA7buaYkshzn7d/SjkTyI2
        47+DHBHbt2sSCGhMxVSaY7M3xJolbuwn6prCnrpArlbdAoGAQoiQhDbxcXlLLdEYW9ufS/CEquuj
        69OQWQ7Iu4SOdZkaNhQCdChh1bCJkmG7UtezJz56phz7/AO6WqcOgRn53NjJt0rdvBNUq4/iNmyx
        TwpoObDBJvOpRBmjjYOTfz3nytmFojJJrIuokrLaj8/Offr9mWPQbc2S8MR0jOZlKEs=
        """, options: .ignoreUnknownCharacters)!)

    /// The same key's public half as X.509 SubjectPublicKeyInfo DER (base64), as Python encodes it.
    static let publicKeySPKI = [UInt8](Data(base64Encoded: """
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA5rXWbMycwkALYsFP5HmDi5IIyQkaHUfl
        3+CWGDBYSQvJxtw61sit/aokpO42oH5Ll3JdhN9w9K+YJSnw2z8uHugeHlPSk7+Zj9OCPleAE6uT
        33+4FVIHe6Jw2pIkoacNMWUaaUqUmAopKne8YR6lHuBIYnu8TNpc9XPXfVNLmStp/zOeb16EhL6o
        nqQNi+lVq961z/LBvtYJEBCrXfC+yCIwrQShplyB/+V44gz3TiIC14naDIe0aFJLovjaM/uiIj8Y
        MRIYgji7VaDcRZyCCqGYua5/4nRk49/+PZ8igfaIUhZAE3hjjHlM5ES+ugchSDxa/yso6PYCF+qd
        csXpdwIDAQAB
        """, options: .ignoreUnknownCharacters)!)
}
