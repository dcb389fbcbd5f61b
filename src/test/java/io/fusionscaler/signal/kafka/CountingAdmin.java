package io.fusionscaler.signal.kafka;

import org.apache.kafka.clients.admin.Admin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps real Admin clients and counts the calls made on them, by method name. */
final class CountingAdmin {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    Admin wrap(Map<String, Object> properties) {
        Admin real = Admin.create(properties);
        return (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[]{Admin.class}, (proxy, method, args) -> {
            calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet();
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    void reset() {
        calls.clear();
    }
}
