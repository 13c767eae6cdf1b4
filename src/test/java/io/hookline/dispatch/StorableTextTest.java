package io.hookline.dispatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTest {

    @Test
    void nulBytesAndInvalidUtf8BecomeTheReplacementCharacter() {
        byte[] gzipStart = {0x1F, (byte) 0x8B, 0x08, 0x00, 'o', 'k'};

        assertThat(StorableText.decode(gzipStart)).isEqualTo("\u001F\uFFFD\u0008\uFFFDok");
    }

    @Test
    void utf16TextKeepsItsLettersAndLosesItsNuls() {
        byte[] utf16le = {'h', 0, 'i', 0};

        assertThat(StorableText.decode(utf16le)).isEqualTo("h\uFFFDi\uFFFD");
    }

    @Test
    void aLoneSurrogateIsReplacedAndAPairIsKept() {
        assertThat(StorableText.of("a\uD83D\uDE00b\uD83Dc\uDE00")).isEqualTo("a\uD83D\uDE00b\uFFFDc\uFFFD");
    }

    @Test
    void textThatCanBeStoredIsReturnedAsItIs() {
        String text = "thanks: ünïcödé \uD83D\uDE00\t";

        assertThat(StorableText.of(text)).isSameAs(text);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        assertThat(StorableText.cut("ab\uD83D\uDE00", 3)).isEqualTo("ab");
        assertThat(StorableText.cut("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
    }
}
