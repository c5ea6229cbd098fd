package dev.baton.adapter.springai;

import dev.baton.DelegationEngine;
import dev.baton.Policy;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.ToolCallAuthorizer;
import dev.baton.adapter.ToolMapping;
import dev.baton.codec.KeyRing;
import dev.baton.policy.PolicyException;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Guards every tool of a Spring Boot application that has this module on its class path: each
 * {@link ToolCallback} and {@link ToolCallbackProvider} bean (MCP tool callbacks included) and the
 * {@link ToolCallingManager} bean are wrapped so every call is authorized with the warrant in its tool context.
 * Needs a {@link ToolCallAuthorizer}: defined by the application, or built from its {@link DelegationEngine} bean
 * and the {@code baton.adapter.tools} mapping, or from an in-memory engine on {@code baton.adapter.policy}.
 * With none of them the application fails to start: tools are never left unguarded.
 * <p>
 * <b>Note:</b> configuration, used once at start.
 */
@AutoConfiguration
@ConditionalOnClass(ToolCallback.class)
@EnableConfigurationProperties(BatonAdapterProperties.class)
public class BatonSpringAiAutoConfiguration {
    /**
     * @param properties the adapter's properties.
     * @return an in-memory engine on the configured policy.
     * @throws IOException     if the policy or key file cannot be read.
     * @throws PolicyException if the policy has errors.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(DelegationEngine.class)
    @ConditionalOnProperty(prefix = "baton.adapter", name = "policy")
    public DelegationEngine batonDelegationEngine(final BatonAdapterProperties properties)
        throws IOException, PolicyException {
        final Policy policy = Policy.load(Path.of(properties.getPolicy()));
        final KeyRing keys = properties.getWarrantKeyFile() == null ? null
            : new KeyRing(0, 1, Files.readAllBytes(Path.of(properties.getWarrantKeyFile())));
        return DelegationEngine.inMemory(policy, Clock.systemUTC(), keys);
    }

    /**
     * @param properties the adapter's properties.
     * @return the declared tool mapping.
     */
    @Bean
    @ConditionalOnMissingBean(ToolMapping.class)
    public ToolMapping batonToolMapping(final BatonAdapterProperties properties) {
        return properties.toolMapping();
    }

    /**
     * @param engine  the application's engine.
     * @param mapping the tool mapping.
     * @return the authorizer every guarded tool asks.
     */
    @Bean
    @ConditionalOnMissingBean(ToolCallAuthorizer.class)
    public ToolCallAuthorizer batonToolCallAuthorizer(final ObjectProvider<DelegationEngine> engine,
                                                      final ToolMapping mapping) {
        final DelegationEngine e = engine.getIfAvailable();
        if (e == null) {
            throw new IllegalStateException("baton-adapter-spring-ai guards every tool and needs a decision: set "
                + "baton.adapter.policy, or define a DelegationEngine or a ToolCallAuthorizer bean");
        }
        return new EngineToolAuthorizer(e, mapping);
    }

    /**
     * @param authorizer the authorizer, resolved when the first tool bean is wrapped.
     * @param properties the adapter's properties.
     * @return the post-processor that wraps tool beans.
     */
    @Bean
    public static BeanPostProcessor batonToolGuard(final ObjectProvider<ToolCallAuthorizer> authorizer,
                                                   final ObjectProvider<BatonAdapterProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(final Object bean, final String beanName) {
                if (bean instanceof ToolCallback c) {
                    return BatonToolCallbacks.guard(c, authorizer.getObject(), properties.getObject().getRefusal());
                }
                if (bean instanceof ToolCallbackProvider p) {
                    return BatonToolCallbacks.guard(p, authorizer.getObject(), properties.getObject().getRefusal());
                }
                if (bean instanceof ToolCallingManager m && !(bean instanceof BatonToolCallingManager)) {
                    return new BatonToolCallingManager(m, authorizer.getObject(), properties.getObject().getRefusal());
                }
                return bean;
            }
        };
    }
}
