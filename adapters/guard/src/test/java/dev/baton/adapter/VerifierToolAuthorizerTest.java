package dev.baton.adapter;

import dev.baton.codec.IdentityId;
import dev.baton.codec.LayoutFingerprint;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.verifier.OfflineVerifier;
import dev.baton.verifier.RevocationSet;
import dev.baton.verifier.VerifyReason;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tool server in another trust domain decides with the offline verifier alone: portable warrants minted
 * here as the issuing engine would, checked with the issuer's key ring, a clock and a revocation set.
 */
public class VerifierToolAuthorizerTest {
    static final long NOW = 1_800_000_000_000L;
    public static final int ISSUER = 7;
    static final List<String> CAPABILITIES = List.of("crm.lookup:read", "mail.send:send", "doc.summarize:summarize");
    static final List<String> DATA = List.of("public", "internal", "customer_pii");
    static final long LAYOUT = LayoutFingerprint.of(List.of("refund-dispute"), CAPABILITIES, DATA);
    static final String PLANNER = "spiffe://acme.example/agent/planner";
    public static final String SUMMARISER = "spiffe://partner.example/mcp/summariser";

    final WarrantKeyRing ring = new WarrantKeyRing(60_000, WarrantKey.hmacSha256(1, secret()));
    public final RevocationSet revoked = new RevocationSet();
    public final ToolCallAuthorizer authorizer = new VerifierToolAuthorizer(
        () -> OfflineVerifier.builder(LAYOUT).trust(ISSUER, ring).clock(() -> NOW).revocations(revoked).build(),
        ToolMapping.builder()
            .tool("summarize_doc", ToolBinding.capability("doc.summarize", "summarize").data("public"))
            .tool("send_mail", ToolBinding.capability("mail.send", "send").data("internal"))
            .build(),
        CAPABILITIES, DATA);

    private static byte[] secret() {
        final byte[] s = new byte[32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (31 * i + 7);
        }
        return s;
    }

    /** The summariser's warrant: doc.summarize on public data, grant 2 under the planner's grant 1. */
    public byte[] summariserWarrant() {
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(LAYOUT, 1)
            .validity(NOW - 1_000, NOW + 60_000).purpose(0).dataClasses(1L)
            .principal(IdentityId.of("user:alice@acme.example")).capabilities(new long[] {1L << 2}, 1)
            .hop(1, ISSUER, IdentityId.of(PLANNER)).hop(2, ISSUER, IdentityId.of(SUMMARISER));
        final byte[] buffer = new byte[PortableWarrantLayout.MAX_LENGTH];
        final int length = new PortableWarrantAuthenticator(ring).sign(buffer, 0, e.encode(buffer, 0));
        return Arrays.copyOf(buffer, length);
    }

    private ToolVerdict call(final String tool, final String holder, final byte[] warrant) {
        return authorizer.authorize(ToolCall.of(tool, Map.of("doc", "faq.md"), PresentedWarrant.of(holder, warrant)));
    }

    @Test
    void shouldAllowACallInsideThePortableWarrant() {
        final ToolVerdict v = call("summarize_doc", SUMMARISER, summariserWarrant());
        assertTrue(v.allowed(), v.toString());
        assertEquals(2, v.grantId());
    }

    @Test
    void shouldRefuseACapabilityOutsideIt() {
        assertEquals(VerifyReason.CAPABILITY_NOT_GRANTED.name(), call("send_mail", SUMMARISER, summariserWarrant()).code());
    }

    @Test
    void shouldRefuseAnotherPresenter() {
        assertEquals(VerifyReason.NOT_HOLDER.name(), call("summarize_doc", PLANNER, summariserWarrant()).code());
    }

    @Test
    void shouldRefuseATamperedWarrant() {
        final byte[] w = summariserWarrant();
        w[w.length - 1] ^= 1;
        assertEquals(VerifyReason.BAD_MAC.name(), call("summarize_doc", SUMMARISER, w).code());
    }

    @Test
    void shouldRefuseOnceAnAncestorIsRevoked() {
        revoked.revoke(ISSUER, 1);
        final ToolVerdict v = call("summarize_doc", SUMMARISER, summariserWarrant());
        assertEquals(VerifyReason.REVOKED.name(), v.code());
        assertTrue(v.modelText("summarize_doc").contains("was not run"));
    }

    @Test
    void shouldRefuseAGrantIdAndAnUnmappedTool() {
        assertEquals(GuardCode.MALFORMED_PRESENTATION.name(), authorizer.authorize(ToolCall.of("summarize_doc", Map.of(),
            PresentedWarrant.ofGrantId(SUMMARISER, 2))).code());
        assertEquals(GuardCode.UNMAPPED_TOOL.name(), call("drop_tables", SUMMARISER, summariserWarrant()).code());
    }

    @Test
    void shouldFailAtConstructionForACapabilityTheLayoutLacks() {
        final ToolMapping typo = ToolMapping.builder().tool("x", ToolBinding.capability("crm.lookup", "raed")).build();
        assertThrows(IllegalArgumentException.class,
            () -> new VerifierToolAuthorizer(() -> null, typo, CAPABILITIES, DATA));
    }
}
